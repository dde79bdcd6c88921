import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { thousandNodeGraph } from './editor.ts';
const base = 'http://127.0.0.1:3391';
const created = await fetch(`${base}/api/journeys`, { method: 'POST', headers: { Authorization: 'Bearer bench-admin-key', 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'x', graph: thousandNodeGraph(), settings: {} }) });
const { id } = await created.json() as any;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await context.addInitScript('globalThis.__name = (fn) => fn');
const page = await context.newPage();
await page.request.post(`${base}/api/auth/login`, { data: { email: 'a@x.com', password: 'password1' } });
await page.goto(`${base}/#/journeys`); await page.waitForTimeout(1500);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 500 }); await cdp.send('Profiler.start');
if (process.env.CSS) await page.addInitScript((css) => { document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = css; document.head.append(s); }); }, process.env.CSS);
const t0 = Date.now();
await page.goto(`${base}/#/journeys/${id}`);
await page.waitForFunction((n) => { const ns = document.querySelectorAll<HTMLElement>('.react-flow__node'); return ns.length >= n && [...ns].every((x) => x.style.visibility !== 'hidden'); }, 1000, { polling: 'raf', timeout: 60000 });
console.log('open ms', Date.now() - t0);
const { profile } = await cdp.send('Profiler.stop') as any;
const self = new Map<string, number>();
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
profile.samples.forEach((s: number, i: number) => { const n: any = byId.get(s); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));


async function panAndZoomFps(page: Page): Promise<number> {
  return page.evaluate(async ([duration, MODE]) => {
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
        if (MODE !== 'zoom') mouse('mousemove', cx + Math.cos(angle) * 300, cy + Math.sin(angle) * 200, window);
        if (MODE !== 'pan' && frames % 2 === 0) {
          pane.dispatchEvent(
            new WheelEvent('wheel', { deltaY: Math.sin(angle) * 40, clientX: cx, clientY: cy, bubbles: true, cancelable: true }),
          );
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  }, [3000, process.env.MODE ?? 'both'] as const);
}


console.log('idle fps', await page.evaluate(() => new Promise((d) => { let f = 0; const s = performance.now(); const t = () => { f++; if (performance.now() - s < 2000) requestAnimationFrame(t); else d(f / 2); }; requestAnimationFrame(t); })));
await cdp.send('Profiler.start');
console.log('fps', await panAndZoomFps(page));
{ const { profile } = await cdp.send('Profiler.stop') as any;
const self = new Map<string, number>();
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
profile.samples.forEach((s: number, i: number) => { const n: any = byId.get(s); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n')); }
await browser.close();
