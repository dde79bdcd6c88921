import { expect, test, type Page } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const graph = {
  nodes: [
    { id: 'n1', type: 'entry', label: '门店扫码', position: { x: 0, y: 0 }, config: { sources: ['qr_code'] } },
    { id: 'n2', type: 'goal', label: '到店核销', position: { x: 320, y: 0 }, config: { name: '核销' } },
  ],
  edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
};

/** Waits until the editor says everything is saved. */
async function saved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

test('journey settings — time zone, quiet hours, frequency cap, exit event — and re-entry are saved and survive a reload', async ({ page }, testInfo) => {
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: '门店扫码 · 设置', graph, settings: {} } });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(2);

  await page.getByRole('button', { name: '旅程设置' }).click();
  const drawer = page.getByRole('dialog', { name: '旅程设置' });
  await expect(drawer.getByLabel('时区')).toBeVisible();
  await expect(drawer.getByText('Asia/Shanghai')).toBeVisible();

  await drawer.getByLabel('时区').fill('Europe/Ber');
  await page.locator('.ant-select-item-option[title="Europe/Berlin"]').click();

  await drawer.getByRole('switch', { name: '免打扰时段' }).click();
  await drawer.getByLabel('开始时间').fill('21:30');
  await drawer.getByLabel('结束时间').fill('07:45');

  await drawer.getByRole('switch', { name: '频次上限' }).click();
  await drawer.getByLabel('消息条数').fill('2');
  await drawer.getByLabel('小时数').fill('12');
  await drawer.getByLabel('小时数').blur();
  await drawer.getByLabel('适用渠道').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '短信' }).click();
  await expect(drawer.locator('.settings-cap-channels')).toContainText('短信');
  // The next field's focus closes the list; Escape would close the whole drawer once the list is closed.

  await drawer.getByLabel('退出事件').fill('order.paid');
  await expect(drawer.getByText('联系人能否再次进入旅程，在每个入口节点上设置。')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('journey-settings.png') });
  await drawer.getByRole('button', { name: '关闭' }).click();
  // The drawer's mask fades out: a click on the canvas before it is gone would land on the mask.
  await expect(drawer).toBeHidden();

  // Re-entry belongs to the entry node: its form.
  await page.locator('.react-flow__node[data-id="n1"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await inspector.getByLabel('重复进入').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '每次都进入' }).click();
  await saved(page);

  const stored = await (await page.request.get(`/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders })).json();
  expect(stored.settings).toEqual({
    timezone: 'Europe/Berlin',
    quietHours: { start: '21:30', end: '07:45' },
    frequencyCap: { max: 2, perHours: 12, channels: ['sms'] },
    exitEvent: 'order.paid',
  });
  expect(stored.graph.nodes[0].config.reentry).toBe('always');

  await page.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await page.getByRole('button', { name: '旅程设置' }).click();
  await expect(drawer.getByText('Europe/Berlin')).toBeVisible();
  await expect(drawer.getByRole('switch', { name: '免打扰时段' })).toBeChecked();
  await expect(drawer.getByLabel('开始时间')).toHaveValue('21:30');
  await expect(drawer.getByLabel('结束时间')).toHaveValue('07:45');
  await expect(drawer.getByRole('switch', { name: '频次上限' })).toBeChecked();
  await expect(drawer.getByLabel('消息条数')).toHaveValue('2');
  await expect(drawer.getByLabel('小时数')).toHaveValue('12');
  await expect(drawer.locator('.settings-cap-channels')).toContainText('短信');
  await expect(drawer.getByLabel('退出事件')).toHaveValue('order.paid');
  await drawer.getByRole('button', { name: '关闭' }).click();
  await expect(drawer).toBeHidden();
  await page.locator('.react-flow__node[data-id="n1"]').click();
  await expect(inspector.locator('.ant-select').filter({ has: page.getByLabel('重复进入') })).toContainText('每次都进入');

  // Switching the quiet hours off removes them from the journey.
  await page.getByRole('button', { name: '旅程设置' }).click();
  await drawer.getByRole('switch', { name: '免打扰时段' }).click();
  await expect(drawer.getByLabel('开始时间')).toHaveCount(0);
  await saved(page);
  const after = await (await page.request.get(`/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders })).json();
  expect(after.settings.quietHours ?? null).toBeNull();
  expect(after.settings.timezone).toBe('Europe/Berlin');
});
