import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { editorApp } from './editor-static.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dist(withBuild: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'editor-dist-'));
  dirs.push(dir);
  if (withBuild) {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(dir, 'assets/app.js'), 'console.log(1)');
  }
  return dir;
}

describe('editorApp', () => {
  it('serves files, falls back to index.html for client routes, and leaves /api and missing assets alone', async () => {
    const app = editorApp(dist(true));
    expect(await (await app.request('/assets/app.js')).text()).toBe('console.log(1)');
    expect(await (await app.request('/journeys/jrn_1')).text()).toBe('<div id="root"></div>');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    expect((await app.request('/api/nope')).status).toBe(404);
  });

  it('explains how to build the editor when there is no build', async () => {
    const res = await editorApp(dist(false)).request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('pnpm build');
  });
});
