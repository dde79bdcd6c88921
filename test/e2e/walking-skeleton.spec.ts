import { expect, test } from '@playwright/test';
import { drawEdge } from './draw-edge.ts';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

test('a marketer signs in, draws entry → tag, fills the form, saves and publishes', async ({ page, request }, testInfo) => {
  // React and antd warnings fail the test; the 401 of the "am I signed in?" check before sign-in does not.
  const consoleProblems: string[] = [];
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !/status of 401/.test(m.text())) consoleProblems.push(m.text());
  });
  await signIn(page);
  await page.getByRole('button', { name: '新建旅程' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('旅程名称').fill('直播引流 · 新客打标');
  await dialog.getByRole('button', { name: '新建旅程' }).click();

  const canvas = page.locator('.react-flow__pane');
  await expect(page.getByTestId('palette-entry')).toBeVisible();
  await page.getByTestId('palette-entry').dragTo(canvas, { targetPosition: { x: 240, y: 280 } });
  await page.getByTestId('palette-tag').dragTo(canvas, { targetPosition: { x: 560, y: 280 } });
  await expect(page.locator('.react-flow__node')).toHaveCount(2);

  const entry = page.locator('.react-flow__node').filter({ has: page.getByTestId('node-entry') });
  const tag = page.locator('.react-flow__node').filter({ has: page.getByTestId('node-tag') });
  await drawEdge(page, entry.locator('.react-flow__handle.source[data-handleid="out"]'), tag.locator('.react-flow__handle.target'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  await tag.click();
  const addTags = page.getByLabel('添加标签');
  await addTags.click();
  await addTags.fill('直播新客');
  await addTags.press('Enter');
  await expect(tag).toContainText('+直播新客');

  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();

  await page.getByRole('button', { name: /发\s*布/ }).click();
  await page.getByTestId('launch-publish').click();
  await expect(page.getByText('已发布 第 1 版')).toBeVisible();
  await expect(page.getByTestId('journey-status')).toHaveAttribute('data-status', 'live');

  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  await page.screenshot({ path: testInfo.outputPath('editor-canvas.png') });

  const journeyId = decodeURIComponent(new URL(page.url()).hash.replace('#/journeys/', ''));
  const response = await request.get(`/api/journeys/${encodeURIComponent(journeyId)}`, { headers: adminHeaders });
  expect(response.ok()).toBe(true);
  const journey = await response.json();
  expect(journey.status).toBe('live');
  expect(journey.publishedVersion).toBe(1);
  expect(journey.graph.nodes.map((n: { type: string }) => n.type).sort()).toEqual(['entry', 'tag']);
  const tagNode = journey.graph.nodes.find((n: { type: string }) => n.type === 'tag');
  const entryNode = journey.graph.nodes.find((n: { type: string }) => n.type === 'entry');
  expect(tagNode.config.add).toEqual(['直播新客']);
  expect(journey.graph.edges).toHaveLength(1);
  expect(journey.graph.edges[0]).toMatchObject({ source: entryNode.id, sourceHandle: 'out', target: tagNode.id });
  expect(consoleProblems).toEqual([]);
});
