import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Journey builder</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.6">
<h1>编辑器尚未构建 · The editor is not built</h1>
<p>运行 <code>pnpm build</code>（或 <code>pnpm start</code>，它会自动构建）后刷新本页。</p>
<p>Run <code>pnpm build</code> (or <code>pnpm start</code>, which builds it when needed), then reload this page.</p>
<p>The API is running: <a href="/api/docs">/api/docs</a> · <a href="/api/health">/api/health</a></p>
</body></html>`;

/**
 * Serves the built editor from `distDir`: its files, and `index.html` for any other non-API page
 * (client-side routes). Without a build at start, every page explains how to make one.
 */
export function editorApp(distDir: string): Hono {
  const app = new Hono();
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
  if (!existsSync(join(distDir, 'index.html'))) {
    return app.get('*', (c, next) => (isApi(c.req.path) ? next() : c.html(MISSING_BUILD_PAGE, 503)));
  }
  const spaFallback = serveStatic({ root: distDir, path: 'index.html' });
  app.get('*', serveStatic({ root: distDir }));
  app.get('*', (c, next) => (isApi(c.req.path) || extname(c.req.path) !== '' ? next() : spaFallback(c, next)));
  return app;
}
