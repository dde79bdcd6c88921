import { expect, test, type Locator, type Page } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/**
 * Counts what a person does: each click is one action, and so is filling one field (typing a word)
 * or pressing a key, as the trial of issue #12 counted them.
 */
class Actions {
  count = 0;
  constructor(private readonly page: Page) {}
  async click(target: Locator) {
    await target.click();
    this.count++;
  }
  async fill(target: Locator, text: string) {
    await target.fill(text);
    this.count++;
  }
  async press(target: Locator, key: string) {
    await target.press(key);
    this.count++;
  }
  palette(type: string) {
    return this.click(this.page.getByTestId(`palette-${type}`));
  }
}

const nodeOf = (page: Page, type: string) => page.locator('.react-flow__node').filter({ has: page.getByTestId(`node-${type}`) });
const idOf = async (node: Locator) => (await node.getAttribute('data-id'))!;

interface SavedJourney {
  status: string;
  graph: { nodes: { id: string; type: string; config: Record<string, unknown> }[]; edges: { source: string; sourceHandle: string; target: string }[] };
}

async function savedGraph(page: Page, id: string): Promise<SavedJourney> {
  const response = await page.request.get(`/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders });
  return (await response.json()) as SavedJourney;
}

test('the 13-node journey of the trial is built and published in under 45 actions, each node added after the last', async ({ page }, testInfo) => {
  // The upsell picks an existing plan by name: an admin made it on the plans page before (not counted).
  const plan = { id: 'gold_card', name: '金卡会员', kind: 'card', price: 199, tier: 'gold', durationDays: 365 };
  expect((await page.request.post('/api/plans', { headers: adminHeaders, data: plan })).ok()).toBe(true);
  await signIn(page);
  const act = new Actions(page);
  const inspector = page.getByRole('complementary', { name: '节点设置' });

  await act.click(page.getByRole('button', { name: '新建旅程' }));
  const dialog = page.getByRole('dialog');
  await act.fill(dialog.getByLabel('旅程名称'), '直播新客 · 全链路');
  await act.click(dialog.getByRole('button', { name: '新建旅程' }));
  await expect(page.getByTestId('palette-entry')).toBeVisible();
  const journeyId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

  // Each click in the palette adds the node after the selected one, connected, and selects it.
  await act.palette('entry');
  await act.palette('tag');
  await act.fill(inspector.getByLabel('添加标签'), '直播客');
  await act.press(inspector.getByLabel('添加标签'), 'Enter');
  await act.palette('content_push');
  await act.fill(inspector.getByLabel('内容模板'), '{{contact.name}}，欢迎来到直播间，新人礼已备好');
  await act.palette('wait');
  await act.fill(inspector.getByLabel('天'), '1');
  await act.palette('condition');
  await act.click(inspector.getByRole('button', { name: /添\s*加/ }));
  await act.click(page.getByRole('menuitem', { name: '标签' }));
  await act.click(inspector.getByLabel('标签', { exact: true }));
  await act.click(page.locator('.ant-select-item-option').filter({ hasText: '直播客' }));
  const condition = await idOf(nodeOf(page, 'condition'));

  // The "yes" branch: offer → referral reward → goal → exit.
  await act.palette('offer');
  await act.fill(inspector.getByLabel('名称', { exact: true }), '新人立减 20 元');
  await act.palette('referral_reward');
  await act.fill(inspector.getByLabel('数量'), '50');
  await act.palette('goal');
  await act.palette('exit');

  // The "no" branch, from the "+" under the condition's free port: upsell → wait for event → A/B → goal.
  await act.click(page.getByTestId(`add-after-${condition}-no`));
  await act.click(page.getByRole('dialog', { name: '添加节点' }).getByTestId('picker-membership_upsell'));
  await act.click(inspector.getByLabel('方案'));
  await act.click(page.locator('.ant-select-dropdown:visible').getByTitle('金卡会员', { exact: true }));
  await act.palette('wait_event');
  await act.fill(inspector.getByLabel('事件'), 'order.paid');
  await act.palette('ab_split');
  await act.palette('goal');

  await expect(page.locator('.react-flow__node')).toHaveCount(13);
  await act.click(page.getByRole('button', { name: /发\s*布/ }));
  // 发布 opens the launch review; publishing is its button.
  await act.click(page.getByTestId('launch-publish'));
  await expect(page.getByText('已发布 第 1 版')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('built-by-intent.png') });
  testInfo.annotations.push({ type: 'actions', description: String(act.count) });
  console.log(`13-node journey built and published in ${act.count} actions`);
  expect(act.count).toBeLessThan(45);

  const journey = await savedGraph(page, journeyId);
  expect(journey.status).toBe('live');
  const typeOf = (id: string) => journey.graph.nodes.find((n) => n.id === id)!.type;
  expect(journey.graph.edges.map((e) => `${typeOf(e.source)}:${e.sourceHandle}>${typeOf(e.target)}`).sort()).toEqual([
    'ab_split:a>goal',
    'condition:no>membership_upsell',
    'condition:yes>offer',
    'content_push:out>wait',
    'entry:out>tag',
    'goal:out>exit',
    'membership_upsell:joined>wait_event',
    'offer:out>referral_reward',
    'referral_reward:rewarded>goal',
    'tag:out>content_push',
    'wait:out>condition',
    'wait_event:matched>ab_split',
  ]);
  // Nodes added after one another read top to bottom.
  const y = async (type: string) => (await nodeOf(page, type).first().boundingBox())?.y ?? NaN;
  await page.getByTestId('auto-layout').click();
  await expect(page.getByTestId('auto-layout')).toHaveAttribute('aria-busy', 'false');
  expect(await y('entry')).toBeLessThan(await y('tag'));
});

test('"+" on an edge puts a node in between; a connection let go in empty space opens the picker; deleting a node between two reconnects them', async ({ page }, testInfo) => {
  const graph = {
    nodes: [
      { id: 'n1', type: 'entry', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'goal', position: { x: 0, y: 200 }, config: { name: '转化' } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  };
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: '插入与删除', graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(2);

  // "+" on the edge: the picker, searched and picked with Enter, puts a tag between entry and goal.
  await page.getByTestId('add-on-e1').click();
  const picker = page.getByRole('dialog', { name: '添加节点' });
  await expect(picker.getByTestId('picker-entry')).toHaveCount(0);
  await picker.getByLabel('搜索节点，回车添加第一个').fill('打标签');
  await picker.getByLabel('搜索节点，回车添加第一个').press('Enter');
  await expect(picker).toHaveCount(0);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  let journey = await expectSaved(page, id, 3);
  expect(ends(journey)).toEqual(['entry:out>tag', 'tag:out>goal']);
  // What came after moved down: the goal is below the tag.
  expect((await nodeOf(page, 'goal').boundingBox())!.y).toBeGreaterThan((await nodeOf(page, 'tag').boundingBox())!.y + 80);

  // A connection from the goal's free port let go in empty space: the picker opens there.
  const goalOut = nodeOf(page, 'goal').locator('.react-flow__handle.source');
  const box = (await goalOut.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x - 200, box.y + 40, { steps: 10 });
  await page.mouse.up();
  await expect(picker).toBeVisible();
  await picker.getByTestId('picker-exit').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  // It lands where the connection was let go (the view may have moved to show it: compare with the goal).
  const exitBox = (await nodeOf(page, 'exit').boundingBox())!;
  const handle = (await goalOut.boundingBox())!;
  expect(Math.abs(exitBox.y - (handle.y + 40))).toBeLessThan(30);
  expect(Math.abs(exitBox.x + exitBox.width / 2 - (handle.x - 200))).toBeLessThan(30);
  journey = await expectSaved(page, id, 4);
  expect(ends(journey)).toEqual(['entry:out>tag', 'tag:out>goal', 'goal:out>exit']);
  await page.screenshot({ path: testInfo.outputPath('inserted.png') });

  // Deleting the tag between entry and goal joins them; Escape closes an open picker without adding.
  await nodeOf(page, 'tag').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  journey = await expectSaved(page, id, 3);
  expect(ends(journey)).toEqual(['entry:out>goal', 'goal:out>exit']);
  await page.getByTestId('add-on-e1').click();
  await picker.getByLabel('搜索节点，回车添加第一个').press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
});

function ends(journey: SavedJourney): string[] {
  const typeOf = (id: string) => journey.graph.nodes.find((n) => n.id === id)!.type;
  return journey.graph.edges.map((e) => `${typeOf(e.source)}:${e.sourceHandle}>${typeOf(e.target)}`);
}

/** The journey as the autosave stored it, once it has `nodes` nodes. */
async function expectSaved(page: Page, id: string, nodes: number): Promise<SavedJourney> {
  await expect.poll(async () => (await savedGraph(page, id)).graph.nodes.length).toBe(nodes);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  return savedGraph(page, id);
}
