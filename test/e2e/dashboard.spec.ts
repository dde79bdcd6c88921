import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

test('the butterfly dashboard opens with the numbers of a journey that has data', async ({ page }) => {
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

  await signIn(page);
  await page.getByRole('link', { name: '数据看板' }).click();
  await expect(page.getByRole('heading', { name: '蝴蝶模型看板' })).toBeVisible();
  await page.locator('.dashboard-journey').click();
  await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
  const stat = (title: string) => page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) }).locator('.ant-statistic-content');
  await expect(stat('引流')).toHaveText('3');
  await expect(stat('转化')).toHaveText('1');
  await expect(page.getByRole('img', { name: '阶段漏斗' }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('cell', { name: '看板目标' })).toBeVisible();

  await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
  await expect(page.getByRole('heading', { name: 'Butterfly dashboard' })).toBeVisible();
  await expect(stat('Acquired')).toHaveText('3');
  await expect(page.getByRole('img', { name: 'Stage funnel' }).locator('canvas')).toBeVisible();
});
