import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const butterfly = JSON.parse(readFileSync(new URL('../../editor/src/journeys/templates/butterfly-model.json', import.meta.url), 'utf8')) as {
  graph: { nodes: { id: string; type: string }[]; edges: unknown[] };
};

/** The canvas's zoom, read from React Flow's viewport transform. */
async function zoomOf(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
}

/** The on-screen size, in px, of a card label's text. */
async function labelPixels(page: Page): Promise<number> {
  const size = await page.locator('.jn-label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  return size * (await zoomOf(page));
}

const card = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags the empty canvas up, as a person scrolls down a long journey, until card `id` is well in view. */
async function scrollDownTo(page: Page, id: string) {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const inView = async () => {
    const box = await card(page, id).boundingBox();
    return box !== null && box.y + box.height < pane.y + pane.height - 100;
  };
  for (let i = 0; i < 6 && !(await inView()); i++) {
    await page.mouse.move(pane.x + pane.width * 0.2, pane.y + pane.height - 30);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width * 0.2, pane.y + 30, { steps: 10 });
    await page.mouse.up();
  }
}

/** Top-left corners of the cards, on screen. */
async function boxes(page: Page, ids: readonly string[]) {
  return Promise.all(ids.map(async (id) => (await card(page, id).boundingBox())!));
}

test('the butterfly template reads top to bottom at a readable zoom, in the editor and the monitor', async ({ page, request }, testInfo) => {
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: '蝴蝶模型', graph: butterfly.graph, settings: {} } });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(card(page, 'acquire_live')).toBeVisible();

  // Too tall to fit whole at a readable zoom: it opens at that zoom, at its top, where the sources are.
  expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.75);
  expect(await labelPixels(page)).toBeGreaterThanOrEqual(9.5);
  const entries = butterfly.graph.nodes.filter((n) => n.type === 'entry').map((n) => n.id);
  const [first, ...others] = await boxes(page, entries);
  for (const other of others) expect(Math.abs(other.y - first!.y)).toBeLessThan(1);
  const [welcome] = await boxes(page, ['welcome_tag']);
  expect(welcome!.y).toBeGreaterThan(first!.y + first!.height);
  const xs = [first!, ...others].map((b) => b.x + b.width / 2);
  expect(Math.abs(welcome!.x + welcome!.width / 2 - (Math.min(...xs) + Math.max(...xs)) / 2)).toBeLessThan(4);
  await page.screenshot({ path: testInfo.outputPath('butterfly-editor-top.png') });

  // "Fit" keeps the zoom readable too; the canvas scrolls to the fan-out further down.
  await page.getByRole('button', { name: '适应画布' }).click();
  await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.75);
  await scrollDownTo(page, 'upsell');
  await expect(card(page, 'referral')).toBeInViewport();
  expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.75);
  const [referral, upsell] = await boxes(page, ['referral', 'upsell']);
  expect(Math.abs(referral!.y - upsell!.y)).toBeLessThan(1);
  expect(upsell!.x - referral!.x).toBeGreaterThan(referral!.width);
  await page.screenshot({ path: testInfo.outputPath('butterfly-editor-fan-out.png') });

  // Auto-layout draws it the same way (the template is stored as laid out).
  const before = await boxes(page, ['welcome_tag', 'referral', 'upsell']);
  await page.getByTestId('auto-layout').click();
  await expect(page.getByTestId('auto-layout')).toHaveAttribute('aria-busy', 'false');
  expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.75);
  const after = await boxes(page, ['welcome_tag', 'referral', 'upsell']);
  expect(after[1]!.x - after[0]!.x).toBeCloseTo(before[1]!.x - before[0]!.x, 0);
  expect(after[2]!.y - after[0]!.y).toBeCloseTo(before[2]!.y - before[0]!.y, 0);

  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders })).ok()).toBe(true);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}/monitor`);
  await expect(card(page, 'acquire_live')).toBeVisible();
  expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.75);
  expect(await labelPixels(page)).toBeGreaterThanOrEqual(9.5);
  await expect(card(page, 'acquire_live').getByTestId('monitor-counts')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('butterfly-monitor.png') });
});

test('a short journey opens fitted whole, never zoomed in past 1', async ({ page, request }, testInfo) => {
  const graph = {
    nodes: [
      { id: 'n1', type: 'entry', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'tag', position: { x: 0, y: 190 }, config: { add: ['新客'] } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  };
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: '两步', graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(card(page, 'n2')).toBeInViewport();
  await expect(card(page, 'n1')).toBeInViewport();
  expect(await zoomOf(page)).toBe(1);
  const [entry, tag] = await boxes(page, ['n1', 'n2']);
  // The edge leaves the entry's bottom and reaches the tag's top.
  expect(tag!.y).toBeGreaterThan(entry!.y + entry!.height);
  await page.screenshot({ path: testInfo.outputPath('short-journey.png') });
});
