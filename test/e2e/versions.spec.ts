import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const entry = { id: 'n1', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } };
const push = (template: string) => ({ id: 'n2', type: 'content_push', label: '欢迎语', position: { x: 0, y: 190 }, config: { channel: 'sms', template } });
const v1 = {
  nodes: [entry, push('你好'), { id: 'n3', type: 'goal', position: { x: 0, y: 380 }, config: { name: '首单' } }],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
  ],
};
const v2 = {
  nodes: [entry, push('你好，新人礼已到账'), { id: 'n4', type: 'exit', position: { x: 0, y: 380 }, config: {} }],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e3', source: 'n2', sourceHandle: 'out', target: 'n4' },
  ],
};

test('any version opens read-only, with who published it, and its differences from the draft or another version', async ({ page, request }, testInfo) => {
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: '版本对比', graph: v1, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  // Version 1 is published by the signed-in admin, version 2 by the admin key; the draft then adds a tag.
  await page.getByRole('button', { name: /发\s*布/ }).click();
  // 发布 opens the launch review; publishing is its button.
  await page.getByTestId('launch-publish').click();
  await expect(page.getByText('已发布 第 1 版')).toBeVisible();
  const acquire = (contactId: string) =>
    request.post('/api/events', { headers: adminHeaders, data: { contactId, type: 'contact.acquired', properties: { source: 'douyin_live' } } });
  expect((await acquire('ver-u1')).ok()).toBe(true);
  // Its event is handled (the contact in version 1) before version 2 is published, else it would enrol in version 2.
  const runsOf = async () => Object.values(((await (await request.get(`/api/journeys/${id}/stats`, { headers: adminHeaders })).json()) as { runs: Record<string, number> }).runs).reduce((a, b) => a + b, 0);
  await expect.poll(runsOf).toBe(1);
  const put = (graph: unknown) => request.put(`/api/journeys/${id}`, { headers: adminHeaders, data: { name: '版本对比', graph, settings: {} } });
  expect((await put(v2)).ok()).toBe(true);
  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders })).ok()).toBe(true);
  for (const contact of ['ver-u2', 'ver-u3']) expect((await acquire(contact)).ok()).toBe(true);
  const draft = {
    nodes: [...v2.nodes, { id: 'n5', type: 'tag', position: { x: 300, y: 190 }, config: { add: ['新客'] } }],
    edges: v2.edges,
  };
  expect((await put(draft)).ok()).toBe(true);

  await page.reload();
  await page.getByTestId('journey-version').click();
  const history = page.getByRole('list', { name: '版本历史' });
  await expect(history.locator('li')).toHaveCount(2);
  await history.getByTestId('open-version-1').click();

  await expect(page.getByTestId('version-title')).toHaveText('第 1 版 · 只读');
  await expect(page.getByTestId('version-published')).toHaveText(/^\S.* 发布于 /);
  const panel = page.getByRole('complementary', { name: '从 第 1 版 到 当前草稿' });
  await expect(panel).toContainText('新增 2');
  await expect(panel).toContainText('删除 1');
  await expect(panel).toContainText('修改 1');
  await expect(panel.locator('li[data-diff="changed"]')).toHaveText('~ 欢迎语：内容模板、连线');
  await expect(panel.locator('li[data-diff="removed"]')).toHaveText('− 转化目标');
  // On its own canvas: the version's nodes, what the draft changed or dropped marked, nothing to edit.
  const card = (nodeId: string) => page.locator(`.react-flow__node[data-id="${nodeId}"] .jn-card`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(card('n2')).toHaveAttribute('data-mark', 'changed');
  await expect(card('n3')).toHaveAttribute('data-mark', 'removed');
  await expect(card('n1')).not.toHaveAttribute('data-mark');
  await expect(page.locator('.jn-add, .je-add')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('version-1-vs-draft.png') });

  // Against version 2: the exit came in, the goal went, the push's text changed.
  await page.getByLabel('对比').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '第 2 版' }).click();
  const against2 = page.getByRole('complementary', { name: '从 第 1 版 到 第 2 版' });
  await expect(against2).toContainText('新增 1');
  await expect(against2.locator('li[data-diff="added"]')).toHaveText('+ 结束');
  await page.screenshot({ path: testInfo.outputPath('version-1-vs-2.png') });

  // Back to the editor: the draft, as it was.
  await page.getByRole('button', { name: '返回编辑' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(4);

  // The monitor shows each version's contacts on that version's own graph.
  await page.goto(`/#/journeys/${encodeURIComponent(id)}/monitor`);
  const entered = (nodeId: string) => page.locator(`.react-flow__node[data-id="${nodeId}"] [data-count="entered"] b`);
  await expect(page.getByTestId('monitor-version')).toContainText('第 2 版');
  await expect(entered('n1')).toHaveText('2');
  await expect(entered('n4')).toHaveText('2');
  await expect(page.locator('.react-flow__node[data-id="n3"]')).toHaveCount(0);
  await page.getByTestId('monitor-version').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '第 1 版' }).click();
  await expect(page.locator('.react-flow__node[data-id="n3"]')).toHaveCount(1);
  await expect(entered('n1')).toHaveText('1');
  await expect(entered('n3')).toHaveText('1');
  await expect(page.locator('.react-flow__node[data-id="n4"]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('monitor-version-1.png') });
});
