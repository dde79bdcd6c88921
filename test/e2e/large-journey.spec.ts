import { expect, test, type Page } from '@playwright/test';
import { largeJourneyGraph } from '../support/large-journey.ts';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const NODES = 1000;

/**
 * For every edge React Flow draws, how far (in screen pixels) its two ends are from the outer middle
 * of the handles they join — the cards declare where their handles are (card-geometry.ts), so this
 * catches a card whose layout drifted from its declared geometry. Also the distance across between
 * each output handle and the middle of its port's column.
 */
async function handleMisalignment(page: Page, ends: Record<string, [string, string]>) {
  return page.evaluate((ends) => {
    const centre = (r: DOMRect) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
    const edges = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].flatMap((edge) => {
      const [source, target] = ends[edge.getAttribute('data-id')!]!;
      const out = document.querySelector(`.react-flow__node[data-id="${source}"] .react-flow__handle.source`)?.getBoundingClientRect();
      const into = document.querySelector(`.react-flow__node[data-id="${target}"] .react-flow__handle.target`)?.getBoundingClientRect();
      // An edge into view from a card outside it: that card is not rendered.
      if (!out || !into) return [];
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path')!;
      const m = path.getScreenCTM()!;
      const screen = (p: DOMPoint) => ({ x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f });
      const start = screen(path.getPointAtLength(0));
      const end = screen(path.getPointAtLength(path.getTotalLength()));
      return Math.max(
        Math.hypot(start.x - centre(out).x, start.y - out.bottom),
        Math.hypot(end.x - centre(into).x, end.y - into.top),
      );
    });
    const ports = [...document.querySelectorAll('.react-flow__node')].flatMap((node) => {
      const rows = [...node.querySelectorAll('.jn-port')];
      const handles = [...node.querySelectorAll('.react-flow__handle.source')];
      return rows.map((row, i) => Math.abs(centre(row.getBoundingClientRect()).x - centre(handles[i]!.getBoundingClientRect()).x));
    });
    return { edges: edges.length, ports: ports.length, worstEdgeEnd: Math.max(...edges), worstPortRow: Math.max(...ports) };
  }, ends);
}

test('a 1,000-node journey opens as an overview of every card and edge, and shows details close up', async ({ page }, testInfo) => {
  const graph = largeJourneyGraph(NODES);
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: '千节点旅程', graph, settings: {} } });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);

  // Fitted to the whole journey: every card is on the canvas, as a block, and every edge is a line.
  await expect(page.locator('.react-flow__node .jn-card')).toHaveCount(NODES);
  await expect(page.locator('.jc-edge-overview path')).toHaveCount(graph.edges.length);
  await expect(page.locator('.react-flow.jc-compact')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="n1"] .jn-label')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('large-journey-overview.png') });

  // Zooming in on the entry brings the cards' contents and React Flow's edges back.
  const entry = (await page.locator('.react-flow__node[data-id="n1"]').boundingBox())!;
  await page.mouse.move(entry.x + entry.width / 2, entry.y + entry.height / 2);
  for (let i = 0; i < 30 && (await page.locator('.react-flow.jc-compact').count()) > 0; i++) await page.mouse.wheel(0, -100);
  await expect(page.locator('.react-flow.jc-compact')).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id="n1"] .jn-label')).toHaveText('节点 1');
  await expect(page.locator('.react-flow__node[data-id="n2"] .jn-summary')).toHaveText('推送: 企业微信私聊');
  await expect(page.locator('.jc-edge-overview')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge[data-id="e1"]')).toBeVisible();
  // Only the cards in view are rendered close up.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(NODES / 4);

  const misalignment = await handleMisalignment(page, Object.fromEntries(graph.edges.map((e) => [e.id, [e.source, e.target]])));
  expect(misalignment.edges).toBeGreaterThan(5);
  expect(misalignment.worstEdgeEnd).toBeLessThan(1);
  expect(misalignment.worstPortRow).toBeLessThan(1);
  await page.screenshot({ path: testInfo.outputPath('large-journey-detail.png') });
});
