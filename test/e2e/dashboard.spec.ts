import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/** A published journey (entry → goal) with two feed-ad contacts, one of whom ordered, and one Douyin live contact. */
async function journeyWithData(page: Page): Promise<{ id: string; name: string }> {
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
      { id: 'goal', type: 'goal', position: { x: 300, y: 0 }, config: { name: '看板目标' } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'goal' }],
  };
  const name = `看板测试 ${Date.now()}`;
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name, graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders, data: {} })).ok()).toBe(true);
  const stamp = Date.now();
  const events = [
    ...['feed_ad', 'feed_ad', 'douyin_live'].map((source, i) => ({ contactId: `dash_${stamp}_${i}`, type: 'contact.acquired', properties: { source } })),
    { contactId: `dash_${stamp}_0`, type: 'order.paid' },
  ];
  expect((await page.request.post('/api/events/batch', { headers: adminHeaders, data: { events } })).ok()).toBe(true);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/analytics/butterfly?journeyId=${id}`, { headers: adminHeaders })).json()) as { funnel: { acquired: number } }).funnel.acquired)
    .toBe(3);
  return { id, name };
}

async function openDashboard(page: Page, journeyName: string): Promise<void> {
  await signIn(page);
  await page.getByRole('link', { name: '数据看板' }).click();
  await expect(page.getByRole('heading', { name: '蝴蝶模型看板' })).toBeVisible();
  await page.locator('.dashboard-journey').click();
  await page.locator('.ant-select-item-option').filter({ hasText: journeyName }).click();
}

const statOf = (page: Page, title: string) =>
  page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) }).locator('.ant-statistic-content');
const card = (page: Page, title: string) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: title }) });
const row = (page: Page, cardTitle: string, first: string) => card(page, cardTitle).locator('tbody tr').filter({ has: page.getByRole('cell', { name: first, exact: true }) });

test('the butterfly dashboard opens with the numbers of a journey that has data', async ({ page }) => {
  const { name } = await journeyWithData(page);
  await openDashboard(page, name);
  await expect(statOf(page, '引流')).toHaveText('3');
  await expect(statOf(page, '转化')).toHaveText('1');
  await expect(page.getByRole('img', { name: '阶段漏斗' }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('cell', { name: '看板目标' })).toBeVisible();

  await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
  await expect(page.getByRole('heading', { name: 'Butterfly dashboard' })).toBeVisible();
  await expect(statOf(page, 'Acquired')).toHaveText('3');
  await expect(page.getByRole('img', { name: 'Stage funnel' }).locator('canvas')).toBeVisible();
  await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).click();
});

test('the dashboard supports a decision: date range, stage rates, sources by name, spend and CAC, definitions, CSV', async ({ page }, testInfo) => {
  const { name } = await journeyWithData(page);
  await openDashboard(page, name);
  await expect(statOf(page, '引流')).toHaveText('3');

  // Stage-to-stage conversion: 1 of 3 engaged, the 1 engaged converted.
  await expect(row(page, '阶段转化', '运营触达').getByRole('cell').nth(2)).toHaveText('33.3%');
  await expect(row(page, '阶段转化', '转化').getByRole('cell').nth(2)).toHaveText('100.0%');

  // Per source, by name: a chart of the stages by source, and the table.
  await expect(page.getByRole('img', { name: '各渠道的客户阶段（人数最多的 10 个渠道）' }).locator('canvas')).toBeVisible();
  await expect(row(page, '按渠道对比', '信息流广告').getByRole('cell')).toHaveText(['信息流广告', '广告投放', '2', '1', '1', '0', '0', '50.0%']);
  await expect(row(page, '按渠道对比', '抖音直播').getByRole('cell')).toHaveText(['抖音直播', '内容引流', '1', '0', '0', '0', '0', '0.0%']);

  // Every metric says what it means.
  await page.locator('.ant-statistic-title').getByText('K 因子', { exact: true }).hover();
  await expect(page.getByRole('tooltip')).toContainText('平均每位联系人邀请来的新联系人数');

  // Spend entered here updates the CAC.
  const spend = page.getByLabel('投入 信息流广告');
  await spend.fill('120');
  await spend.press('Enter');
  await expect(page.getByText('「信息流广告」的投入已保存')).toBeVisible();
  await expect(row(page, '获客成本', '信息流广告').getByRole('cell').nth(3)).toHaveText('¥60.00');
  await page.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true });

  // The per-source table downloads as a CSV Excel reads: BOM, names, the figures shown.
  const downloading = page.waitForEvent('download');
  await card(page, '按渠道对比').getByRole('button', { name: '导出 CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('按渠道对比.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFF渠道,分组,引流,运营触达,转化,裂变,复购,转化率\r\n')).toBe(true);
  expect(csv).toContain('\r\n信息流广告,广告投放,2,1,1,0,0,50.0%\r\n');
  expect(csv).toContain('\r\n抖音直播,内容引流,1,0,0,0,0,0.0%\r\n');
  expect(csv).not.toContain('feed_ad');

  // A date range: today keeps the contacts, a month long past has none.
  const [fromInput, toInput] = [page.locator('.dashboard-range input').nth(0), page.locator('.dashboard-range input').nth(1)];
  const pick = async (from: string, to: string) => {
    await fromInput.click();
    await fromInput.fill(from);
    await fromInput.press('Enter');
    await toInput.fill(to);
    await toInput.press('Enter');
  };
  const today = new Date().toLocaleDateString('sv');
  await pick(today, today);
  await expect(statOf(page, '引流')).toHaveText('3');
  await pick('2020-01-01', '2020-01-31');
  await expect(page.getByText('还没有数据')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dashboard-past-range.png') });
  await pick(today, today);
  await expect(statOf(page, '引流')).toHaveText('3');

  // No journey picked: the goals of every journey, named by journey.
  await page.locator('.dashboard-journey').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '全部旅程' }).click();
  await expect(row(page, '目标转化', name).getByRole('cell')).toHaveText([name, '看板目标', '3', '100.0%']);
});
