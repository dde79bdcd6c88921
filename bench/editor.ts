/**
 * Editor benchmark (SPEC §7): in Chromium, the time to open and fully render a 1,000-node journey
 * and the frame rate of a scripted 3-second pan and zoom over it. Runs the real server on a temp
 * database, creates the journey through the API and drives Debian's Chromium with the e2e flags.
 * `tsx bench/editor.ts` runs this section alone.
 *
 * "Fully rendered" means every node card and every edge path of the journey is in the DOM and
 * visible, timed from navigation in a fresh page load; the time until the page has settled (no more
 * long tasks) is reported beside it. The canvas renders only the cards inside the viewport of a
 * large journey (React Flow's onlyRenderVisibleElements), but it opens fitted to the whole journey,
 * so all 1,000 are in view and the wait counts every one of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import playwrightConfig from '../playwright.config.ts';
import { largeJourneyGraph } from '../test/support/large-journey.ts';
import { benchRow, type BenchRow, type BenchSection } from './bench-section.ts';
import { freePort } from '../test/support/free-port.ts';

const NODES = 1000;
const OPEN_RUNS = 3;
const PAN_ZOOM_MS = 3000;
const root = resolve(import.meta.dirname, '..');
const credentials = { email: 'bench@example.com', password: 'bench-password', apiKey: 'bench-editor-admin-key' };

async function startServer(port: number, databaseFile: string): Promise<ChildProcess> {
  const server = spawn(join(root, 'node_modules/.bin/tsx'), ['scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseFile,
      ADMIN_API_KEY: credentials.apiKey,
      ADMIN_EMAIL: credentials.email,
      ADMIN_PASSWORD: credentials.password,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return server;
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill();
  throw new Error('the server did not become healthy within 3 minutes');
}

/** Milliseconds from navigation to the canvas fully drawn, and to the page being responsive again. */
interface OpenTimes {
  renderedMs: number;
  settledMs: number;
}

/** Main-thread tasks of 50 ms or more, as `[start, end]` in page milliseconds, from the page's start. */
const LONG_TASKS_SCRIPT = `
  globalThis.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) globalThis.__longTasks.push([task.startTime, task.startTime + task.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;
/** How long the page must go without a long task to count as settled. */
const QUIET_MS = 500;

/**
 * Opens the journey in a fresh page load and times it from navigation:
 * - rendered: every one of the journey's node cards is in the DOM and visible, and every edge has its
 *   path drawn (zoomed out, as a path of the editor's edge overview rather than a React Flow edge);
 * - settled: the end of the last long task (≥ 50 ms) before the main thread stayed free of them for
 *   `QUIET_MS` — React Flow measuring the cards after they are drawn, for instance.
 */
async function openJourney(page: Page, baseURL: string, journeyId: string, edgeCount: number): Promise<OpenTimes> {
  // A hash change alone would not reload the editor: start from a blank page each time.
  await page.goto('about:blank');
  await page.goto(`${baseURL}/#/journeys/${encodeURIComponent(journeyId)}`);
  const rendered = await page.waitForFunction(
    ({ nodeCount, edgeCount }) => {
      const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node');
      if (nodes.length !== nodeCount) return false;
      for (const node of nodes) if (node.style.visibility === 'hidden' || !node.querySelector('.jn-card')) return false;
      // Edges are drawn by React Flow close up, by the editor's edge overview when zoomed out.
      const paths = document.querySelectorAll('.react-flow__edge path.react-flow__edge-path, .jc-edge-overview path');
      const drawn = new Set<string>();
      for (const path of paths) {
        const id = path.closest('[data-id]')?.getAttribute('data-id');
        if (id && path.getAttribute('d')) drawn.add(id);
      }
      return drawn.size === edgeCount && performance.now();
    },
    { nodeCount: NODES, edgeCount },
    { polling: 'raf', timeout: 60_000 },
  );
  const renderedMs = (await rendered.jsonValue()) as number;
  const settled = await page.waitForFunction(
    ({ from, quiet }) => {
      const tasks = (globalThis as unknown as { __longTasks: [number, number][] }).__longTasks;
      const lastEnd = Math.max(from, ...tasks.map(([, end]) => end));
      return performance.now() - lastEnd >= quiet ? lastEnd : false;
    },
    { from: renderedMs, quiet: QUIET_MS },
    { polling: 100, timeout: 60_000 },
  );
  return { renderedMs, settledMs: (await settled.jsonValue()) as number };
}

/**
 * Pans (a drag on the pane) and zooms (wheel) every frame for `PAN_ZOOM_MS`, counting animation
 * frames; React Flow handles the synthetic events like a person's.
 */
async function panAndZoomFps(page: Page): Promise<number> {
  return page.evaluate(async (duration) => {
    const pane = document.querySelector<HTMLElement>('.react-flow__pane')!;
    const box = pane.getBoundingClientRect();
    const cx = box.left + box.width / 2;
    const cy = box.top + box.height / 2;
    const mouse = (type: string, x: number, y: number, target: EventTarget) =>
      target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: 1, bubbles: true, cancelable: true, view: window }));
    return new Promise<number>((done) => {
      let frames = 0;
      let start = 0;
      mouse('mousedown', cx, cy, pane);
      const tick = (now: number) => {
        if (!start) start = now;
        const t = now - start;
        if (t >= duration) {
          mouse('mouseup', cx, cy, window);
          done((frames * 1000) / t);
          return;
        }
        frames++;
        const angle = (t / duration) * Math.PI * 4;
        mouse('mousemove', cx + Math.cos(angle) * 300, cy + Math.sin(angle) * 200, window);
        if (frames % 2 === 0) {
          pane.dispatchEvent(
            new WheelEvent('wheel', { deltaY: Math.sin(angle) * 40, clientX: cx, clientY: cy, bubbles: true, cancelable: true }),
          );
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  }, PAN_ZOOM_MS);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Figures of one editor benchmark run. */
export interface EditorFigures {
  /** Navigation to every card and edge drawn, each open. */
  openMs: number[];
  /** Navigation to the page settled (see `openJourney`), each open. */
  settledMs: number[];
  fps: number;
}

/** Starts a server, creates the journey, measures in Chromium, and cleans up. */
export async function measureEditor(): Promise<EditorFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'journey-bench-editor-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = await startServer(port, join(dir, 'bench.db'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...(playwrightConfig.use?.launchOptions?.args ?? [])],
  });
  try {
    const graph = largeJourneyGraph(NODES);
    const created = await fetch(`${baseURL}/api/journeys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${credentials.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '千节点旅程', graph, settings: {} }),
    });
    if (!created.ok) throw new Error(`creating the journey answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const edgeCount = graph.edges.length;

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    // tsx compiles this file with esbuild's keepNames, whose `__name` helper page functions then call.
    await context.addInitScript('globalThis.__name = (fn) => fn');
    await context.addInitScript(LONG_TASKS_SCRIPT);
    const page = await context.newPage();
    const login = await page.request.post(`${baseURL}/api/auth/login`, { data: { email: credentials.email, password: credentials.password } });
    if (!login.ok()) throw new Error(`signing in answered ${login.status()}`);
    // The first open warms the HTTP cache, as a marketer's second visit would be.
    await openJourney(page, baseURL, id, edgeCount);
    const opens: OpenTimes[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) opens.push(await openJourney(page, baseURL, id, edgeCount));
    // The page is settled now: the pan measures the canvas, not the end of the opening.
    const fps = await panAndZoomFps(page);
    await context.close();
    return { openMs: opens.map((o) => o.renderedMs), settledMs: opens.map((o) => o.settledMs), fps };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The editor section of `pnpm bench`. */
export const editorSection: BenchSection = {
  name: 'editor',
  async run(): Promise<BenchRow[]> {
    const { openMs, settledMs, fps } = await measureEditor();
    const list = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
    console.error(
      `editor: open until every card and edge is drawn ${list(openMs)} ms (target < 1500), settled ${list(settledMs)} ms; ` +
        `pan+zoom ${fps.toFixed(1)} fps (target ≥ 30)`,
    );
    return [
      benchRow('editor', `open + draw ${NODES} nodes and their edges, median of ${OPEN_RUNS} (target < 1.5 s)`, 0, NODES, median(openMs)),
      benchRow('editor', `open until settled (no 50 ms task for ${QUIET_MS} ms), median of ${OPEN_RUNS}`, 0, NODES, median(settledMs)),
      { ...benchRow('editor', `pan + zoom ${PAN_ZOOM_MS / 1000} s: ${fps.toFixed(1)} fps (target ≥ 30)`, 0, 0, PAN_ZOOM_MS), nodeStepsPerSec: Math.round(fps) },
    ];
  },
};

if (import.meta.url === `file://${process.argv[1]}`) console.table(await editorSection.run());
