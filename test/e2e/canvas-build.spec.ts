import { expect, test, type Locator, type Page } from '@playwright/test';
import { drawEdge } from './draw-edge.ts';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/** Creates an empty draft through the API and opens it in the editor. */
async function openNewJourney(page: Page, name: string): Promise<string> {
  const created = await page.request.post('/api/journeys', {
    headers: adminHeaders,
    data: { name, graph: { nodes: [], edges: [] }, settings: {} },
  });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.getByTestId('palette-entry')).toBeVisible();
  return id;
}

/** Drags a palette item with the mouse, as a person does, and drops it at a screen point. */
async function dragFromPalette(page: Page, type: string, to: { x: number; y: number }) {
  await page.getByTestId(`palette-${type}`).hover();
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** A point in the pane, relative to its top-left corner, in screen coordinates. */
async function paneAt(page: Page, x: number, y: number) {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  return { x: box.x + x, y: box.y + y };
}

/** The screen point halfway along an edge's drawn path. */
async function edgeMiddle(page: Page, edgeId: string) {
  return page.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`).evaluate((element) => {
    const path = element as SVGPathElement;
    const point = path.getPointAtLength(path.getTotalLength() / 2);
    const matrix = path.getScreenCTM()!;
    return { x: point.x * matrix.a + point.y * matrix.c + matrix.e, y: point.x * matrix.b + point.y * matrix.d + matrix.f };
  });
}

/** Runs auto-layout and waits until the zoom-to-fit that follows it has come to rest. */
async function autoLayout(page: Page) {
  const button = page.getByTestId('auto-layout');
  await button.click();
  await expect(button).toHaveAttribute('aria-busy', 'false');
}

const nodeOf = (page: Page, type: string) => page.locator('.react-flow__node').filter({ has: page.getByTestId(`node-${type}`) });
test('a journey built from an empty canvas by drag and drop, configured, checked, fixed and published', async ({ page }, testInfo) => {
  // Some forty UI steps, two launch reviews among them: more than the default 90 s on a busy two-core machine.
  test.slow();
  const consoleProblems: string[] = [];
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !/status of (401|409|422)/.test(m.text())) consoleProblems.push(m.text());
  });
  await signIn(page);
  const journeyId = await openNewJourney(page, '直播引流 · 高意向转化');

  // entry and goal first, joined; then each next node is dropped onto the edge it belongs in.
  await dragFromPalette(page, 'entry', await paneAt(page, 140, 260));
  await dragFromPalette(page, 'goal', await paneAt(page, 760, 260));
  await drawEdge(page, nodeOf(page, 'entry').locator('.react-flow__handle.source'), nodeOf(page, 'goal').locator('.react-flow__handle.target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  const firstEdge = await page.locator('.react-flow__edge').getAttribute('data-id');

  await dragFromPalette(page, 'tag', await edgeMiddle(page, firstEdge!));
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await autoLayout(page);
  const tagToGoal = page.locator('.react-flow__edge').nth(1);
  await dragFromPalette(page, 'condition', await edgeMiddle(page, (await tagToGoal.getAttribute('data-id'))!));
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await autoLayout(page);
  const conditionToGoal = page.locator('.react-flow__edge').nth(2);
  await dragFromPalette(page, 'content_push', await edgeMiddle(page, (await conditionToGoal.getAttribute('data-id'))!));
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await autoLayout(page);
  await dragFromPalette(page, 'content_push', await paneAt(page, 300, 520));
  const pushes = nodeOf(page, 'content_push');
  await expect(pushes).toHaveCount(2);
  const condition = nodeOf(page, 'condition');
  await expect(condition.locator('.jn-port')).toHaveText(['是', '否']);
  await drawEdge(page, condition.locator('.react-flow__handle.source[data-handleid="no"]'), pushes.nth(1).locator('.react-flow__handle.target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await autoLayout(page);

  const inspector = page.getByRole('complementary', { name: '节点设置' });
  // Tag: add a tag, which the condition's tag picker then suggests.
  await nodeOf(page, 'tag').click();
  const addTags = inspector.getByLabel('添加标签');
  await addTags.click();
  await addTags.fill('高意向');
  await addTags.press('Enter');
  await expect(nodeOf(page, 'tag')).toContainText('+高意向');

  // Condition: a rule "has tag 高意向", picked from the suggestions.
  await condition.click();
  await inspector.getByRole('button', { name: /添\s*加/ }).click();
  await page.getByRole('menuitem', { name: '标签' }).click();
  await inspector.getByLabel('标签', { exact: true }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '高意向' }).click();
  await expect(inspector.getByLabel('标签', { exact: true })).toHaveValue('高意向');
  await expect(condition).toContainText('1 条规则（全部）');

  // First push (the "yes" branch): SMS, a greeting with the contact's name inserted at the cursor.
  await pushes.first().click();
  await inspector.getByLabel('渠道').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '短信' }).click();
  await inspector.getByLabel('内容模板').fill('你好，，专属福利已到账');
  await inspector.getByLabel('内容模板').evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 3));
  await inspector.getByRole('button', { name: '联系人姓名' }).click();
  await expect(inspector.getByLabel('内容模板')).toHaveValue('你好，{{contact.name | 朋友}}，专属福利已到账');
  await expect(inspector.getByTestId('template-preview')).toHaveText('你好，王小明，专属福利已到账');
  await expect(pushes.first()).toContainText('推送: 短信');

  // The second push has no template yet: checking shows the problem on the node and in the list.
  await page.getByRole('button', { name: /检\s*查/ }).click();
  const problems = page.getByRole('region', { name: '问题' });
  await expect(problems.locator('.problem-item[data-severity="error"]')).toHaveText(['错误 · 「内容推送」的「内容模板」：请填写此项']);
  await expect(pushes.nth(1).locator('.jn-card')).toHaveClass(/jn-invalid/);
  await expect(pushes.nth(1)).toContainText('请填写此项');
  // 发布 opens the launch review: it lists the problem and will not publish until it is fixed.
  await page.getByRole('button', { name: /发\s*布/ }).click();
  const review = page.getByRole('dialog', { name: '发布前检查' });
  await expect(review.getByTestId('launch-checks')).toContainText('有 1 个问题需要修复后才能发布');
  await expect(review.getByTestId('launch-publish')).toBeDisabled();
  await review.getByRole('button', { name: /取\s*消/ }).click();
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.screenshot({ path: testInfo.outputPath('canvas-problem.png') });

  await problems.locator('.problem-item[data-severity="error"]').click();
  await expect(inspector.getByLabel('内容模板')).toBeVisible();
  await inspector.getByLabel('内容模板').fill('还在考虑吗？回复 1 领取体验装');
  await expect(pushes.nth(1).locator('.jn-card')).not.toHaveClass(/jn-invalid/);

  await page.getByRole('button', { name: /发\s*布/ }).click();
  await page.getByTestId('launch-publish').click();
  await expect(page.getByText('已发布 第 1 版')).toBeVisible();
  await expect(page.getByTestId('journey-version')).toHaveText(/第 1 版/);
  await page.getByTestId('journey-version').click();
  await expect(page.getByRole('list', { name: '版本历史' }).locator('li')).toHaveCount(1);
  await page.keyboard.press('Escape');

  const saved = await page.request.get(`/api/journeys/${encodeURIComponent(journeyId)}`, { headers: adminHeaders });
  const journey = (await saved.json()) as {
    status: string;
    graph: { nodes: { id: string; type: string; config: Record<string, unknown> }[]; edges: { source: string; sourceHandle: string; target: string }[] };
  };
  expect(journey.status).toBe('live');
  const typeOf = (id: string) => journey.graph.nodes.find((n) => n.id === id)!.type;
  expect(journey.graph.edges.map((e) => `${typeOf(e.source)}:${e.sourceHandle}>${typeOf(e.target)}`).sort()).toEqual([
    'condition:no>content_push',
    'condition:yes>content_push',
    'content_push:out>goal',
    'entry:out>tag',
    'tag:out>condition',
  ]);
  const rules = journey.graph.nodes.find((n) => n.type === 'condition')!.config.rules;
  expect(rules).toEqual([{ kind: 'tag', op: 'has', tag: '高意向' }]);

  // Auto-layout: top to bottom, the condition's two branches side by side, "yes" on the left.
  const x = async (l: Locator) => (await l.boundingBox())!.x;
  const y = async (l: Locator) => (await l.boundingBox())!.y;
  expect(await y(nodeOf(page, 'entry'))).toBeLessThan(await y(nodeOf(page, 'tag')));
  expect(await y(nodeOf(page, 'tag'))).toBeLessThan(await y(condition));
  expect(await y(condition)).toBeLessThan(await y(pushes.first()));
  expect(Math.abs((await y(pushes.first())) - (await y(pushes.nth(1))))).toBeLessThan(2);
  expect(await x(pushes.first())).toBeLessThan(await x(pushes.nth(1)));
  await page.screenshot({ path: testInfo.outputPath('canvas-published.png') });
  expect(consoleProblems).toEqual([]);
});

test('undo and redo, copy and paste (also into another journey), delete and the autosave indicator', async ({ page }) => {
  await signIn(page);
  await openNewJourney(page, '撤销与复制');
  await dragFromPalette(page, 'entry', await paneAt(page, 160, 200));
  await dragFromPalette(page, 'wait', await paneAt(page, 520, 200));
  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(2);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  // Wait: the form shows only the fields of the chosen mode, and the time zone beside a time of day.
  await nodeOf(page, 'wait').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await expect(inspector.getByText('时长', { exact: true })).toBeVisible();
  await expect(inspector.getByLabel('时刻')).toHaveCount(0);
  await inspector.getByLabel('等待方式').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '等到某个时刻' }).click();
  await expect(inspector.getByText('时长', { exact: true })).toHaveCount(0);
  await inspector.getByLabel('时刻').fill('09:30');
  await expect(inspector.getByTestId('time-zone')).toHaveText('时区：Asia/Shanghai');
  await expect(nodeOf(page, 'wait')).toContainText('等到 09:30');

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await nodeOf(page, 'wait').click();
  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(1);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(nodes).toHaveCount(2);
  await expect(nodeOf(page, 'wait')).toContainText('等到 09:30');
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(nodes).toHaveCount(1);
  await page.keyboard.press('ControlOrMeta+y');
  await expect(nodes).toHaveCount(1);
  await page.getByTestId('undo').click();
  await expect(nodes).toHaveCount(2);

  await nodeOf(page, 'wait').click();
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await expect(nodeOf(page, 'wait')).toHaveCount(2);
  await expect(nodeOf(page, 'wait').nth(1)).toContainText('等到 09:30');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  await openNewJourney(page, '粘贴到这里');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('ControlOrMeta+v');
  await expect(nodeOf(page, 'wait')).toHaveCount(1);
  await expect(nodeOf(page, 'wait')).toContainText('等到 09:30');
});
