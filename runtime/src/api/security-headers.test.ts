import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { editorApp } from './editor-static.ts';
import { createTestApp } from './test-support.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(headers.get('X-Frame-Options')).toBe('DENY');
  const csp = headers.get('Content-Security-Policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-eval|https?:/);
  expect(headers.get('X-Powered-By')).toBeNull();
}

describe('security headers', () => {
  it('are on every API answer, refusals and errors included', async () => {
    const t = await createTestApp();
    for (const res of [
      await t.call('GET', '/api/health'),
      await t.call('GET', '/api/journeys', undefined, { Authorization: '' }),
      await t.call('GET', '/api/nowhere'),
      await t.call('POST', '/api/events', '{"contactId": '),
    ]) {
      expectSecurityHeaders(res.headers);
    }
  });

  it('are on the editor the server serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'editor-dist-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
    const t = await createTestApp();
    const app = t.app.route('/', editorApp(dir));
    const page = await app.request('/');
    expect(await page.text()).toBe('<div id="root"></div>');
    expectSecurityHeaders(page.headers);
  });
});

describe('API docs', () => {
  it('serve Swagger UI from the bundled package on the app origin, without sign-in', async () => {
    const t = await createTestApp();
    const page = await t.call('GET', '/api/docs', undefined, { Authorization: '' });
    expect(page.status).toBe(200);
    expectSecurityHeaders(page.headers);
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toEqual(['/api/docs/swagger-ui.css', '/api/docs/favicon-32x32.png', '/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']);
    expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]/);
    for (const source of sources) {
      const asset = await t.call('GET', source, undefined, { Authorization: '' });
      expect(asset.status, source).toBe(200);
      expect(asset.headers.get('Content-Type')).toMatch(/css|javascript|png/);
    }
    expect((await t.call('GET', '/api/docs/swagger-ui-bundle.js')).text).toContain('SwaggerUIBundle');
    expect((await t.call('GET', '/api/docs/init.js')).text).toContain("url: '/api/openapi.json'");
  });
});
