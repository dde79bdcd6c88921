import { expect, test, type Page } from '@playwright/test';
import { drawEdge } from './draw-edge.ts';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/** Drags a palette item with the mouse, as a person does, and drops it at a screen point. */
async function dragFromPalette(page: Page, type: string, to: { x: number; y: number }) {
  await page.getByTestId(`palette-${type}`).hover();
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

test("a plugin's node (points, loaded from ./plugins) is dragged in and shows its served summary, form and live validation", async ({ page }, testInfo) => {
  const types = await page.request.get('/api/node-types', { headers: adminHeaders });
  const award = ((await types.json()) as { items: { type: string }[] }).items.find((d) => d.type === 'points/award');
  expect(award, 'the e2e server loads plugins/points').toBeDefined();

  const graph = { nodes: [{ id: 'n1', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } }], edges: [] };
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: '积分奖励', graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);

  const item = page.getByTestId('palette-points/award');
  await expect(item).toContainText('奖励积分');
  const entry = page.locator('.react-flow__node[data-id="n1"]');
  const box = (await entry.boundingBox())!;
  await dragFromPalette(page, 'points/award', { x: box.x + box.width / 2, y: box.y + box.height + 160 });

  // The card: the plugin's own summary template over its defaults, as the server serves it.
  const card = page.locator('.react-flow__node').filter({ has: page.getByTestId('node-points/award') });
  await expect(card).toHaveCount(1);
  await expect(card.locator('.jn-summary')).toHaveText('奖励 100 积分');
  await expect(card.locator('.jn-port')).toHaveText(['下一步']);

  // Its form, generated from the served JSON Schema; edits show on the card at once.
  await card.click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await expect(inspector).toContainText('奖励积分');
  await inspector.getByLabel('积分', { exact: true }).fill('30');
  await expect(card.locator('.jn-summary')).toHaveText('奖励 30 积分');

  // Live validation: the plugin's schema says why, while the field is edited (before any check).
  await inspector.getByLabel('原因', { exact: true }).fill('   ');
  await expect(inspector.locator('.ant-form-item-explain-error')).toHaveText(['请填写此项']);
  await page.screenshot({ path: testInfo.outputPath('plugin-node-invalid.png') });
  await inspector.getByLabel('原因', { exact: true }).fill('直播下单奖励');
  await expect(inspector.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
  await expect(card.locator('.jn-summary')).toHaveText('Award 30 points');
  await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).click();

  // Joined to the entry, it publishes.
  await drawEdge(page, entry.locator('.react-flow__handle.source'), card.locator('.react-flow__handle.target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await page.getByRole('button', { name: /发\s*布/ }).click();
  // 发布 opens the launch review; publishing is its button.
  await page.getByTestId('launch-publish').click();
  await expect(page.getByText('已发布 第 1 版')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('plugin-node-published.png') });
  const saved = await page.request.get(`/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders });
  const node = ((await saved.json()) as { graph: { nodes: { type: string; config: unknown }[] } }).graph.nodes.find((n) => n.type === 'points/award');
  expect(node?.config).toEqual({ points: 30, reason: '直播下单奖励' });
});
