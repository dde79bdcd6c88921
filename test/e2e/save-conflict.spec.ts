import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const graph = {
  nodes: [
    { id: 'n1', type: 'entry', label: '直播引流', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } },
    { id: 'n2', type: 'goal', label: '首单', position: { x: 320, y: 0 }, config: { name: '首单' } },
  ],
  edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
};

type StoredJourney = { name: string; revision: number; graph: typeof graph; settings: Record<string, unknown> };

async function stored(request: APIRequestContext, id: string): Promise<StoredJourney> {
  return (await request.get(`/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders })).json();
}

/** Another writer — a colleague, another window — saves the goal under a new name through the API. */
async function colleagueRenamesGoal(request: APIRequestContext, id: string, label: string): Promise<number> {
  const journey = await stored(request, id);
  const nodes = journey.graph.nodes.map((n) => (n.id === 'n2' ? { ...n, label } : n));
  const saved = await request.put(`/api/journeys/${encodeURIComponent(id)}`, {
    headers: adminHeaders,
    data: { name: journey.name, graph: { ...journey.graph, nodes }, settings: journey.settings, revision: journey.revision },
  });
  expect(saved.ok()).toBe(true);
  return ((await saved.json()) as StoredJourney).revision;
}

/** Renames the goal in the node form, which the editor saves on its own a moment later. */
async function renameGoal(page: Page, label: string) {
  await page.locator('.react-flow__node[data-id="n2"]').click();
  await page.getByRole('complementary', { name: '节点设置' }).getByLabel('节点名称').fill(label);
}

test('saving over a journey someone else saved meanwhile: the editor says so and lets the marketer load the other version or keep their own', async ({ page }, testInfo) => {
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: '冲突演示', graph, settings: {} } });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  const status = page.getByTestId('save-status');
  const conflict = page.getByRole('tooltip').filter({ hasText: '这个旅程刚被其他人修改过' });

  // The editor loaded revision 1; a colleague saves revision 2, then the marketer edits.
  expect(await colleagueRenamesGoal(page.request, id, '同事改的首单')).toBe(2);
  await renameGoal(page, '我改的首单');
  await expect(status).toHaveAttribute('data-status', 'conflict');
  await expect(status).toHaveText(/保存冲突/);
  await expect(conflict).toContainText('你可以加载对方的版本（放弃你的修改），或保留你的版本并覆盖对方的修改。');
  await page.screenshot({ path: testInfo.outputPath('save-conflict.png') });
  // Nothing was overwritten, and the editor stops saving until the marketer chooses.
  await page.waitForTimeout(2000);
  expect((await stored(page.request, id)).graph.nodes[1]!.label).toBe('同事改的首单');

  // Load theirs: the canvas shows the colleague's goal, and nothing is left to save.
  await conflict.getByRole('button', { name: '加载对方的版本' }).click();
  await expect(status).toHaveAttribute('data-status', 'saved');
  await expect(conflict).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id="n2"] .jn-label')).toHaveText('同事改的首单');
  expect((await stored(page.request, id)).revision).toBe(2);

  // Again, and this time keep mine: the marketer's version overwrites the colleague's.
  expect(await colleagueRenamesGoal(page.request, id, '同事又改的首单')).toBe(3);
  await renameGoal(page, '我坚持的首单');
  await expect(status).toHaveAttribute('data-status', 'conflict');
  await conflict.getByRole('button', { name: '保留我的版本' }).click();
  await expect(status).toHaveAttribute('data-status', 'saved');
  const kept = await stored(page.request, id);
  expect(kept.graph.nodes[1]!.label).toBe('我坚持的首单');
  expect(kept.revision).toBe(4);

  // The editor now holds the current revision: the next edit saves without a conflict.
  await renameGoal(page, '首单转化');
  await expect(status).toHaveAttribute('data-status', 'saved');
  await expect.poll(async () => (await stored(page.request, id)).graph.nodes[1]!.label).toBe('首单转化');
  await page.reload();
  await expect(page.locator('.react-flow__node[data-id="n2"] .jn-label')).toHaveText('首单转化');
});
