import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

/** Where the swagger-ui-dist package is installed: the docs UI is served from it, never from a CDN. */
const SWAGGER_UI_DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The package's files the page loads, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Starts Swagger UI on the OpenAPI document; a file of its own, as the CSP allows no inline script. */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Journey builder API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

/** The paths of the docs page and its files: public, like the OpenAPI document. */
export const API_DOCS_PATHS: readonly string[] = ['/api/docs', '/api/docs/init.js', ...Object.keys(ASSETS).map((file) => `/api/docs/${file}`)];

/**
 * Swagger UI at `/api/docs`, from the bundled swagger-ui-dist package on the app's own origin (under
 * its Content-Security-Policy), reading `/api/openapi.json`. Mount it under `/api`.
 *
 * @example
 * ```ts
 * app.route('/api', apiDocs());
 * ```
 */
export function apiDocs(): Hono {
  const app = new Hono();
  const files = new Map<string, Buffer>();
  const cached = { 'Cache-Control': 'public, max-age=3600' };
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/init.js', (c) => c.body(INIT_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...cached }));
  for (const [file, type] of Object.entries(ASSETS)) {
    app.get(`/docs/${file}`, (c) => {
      let body = files.get(file);
      if (!body) files.set(file, (body = readFileSync(join(SWAGGER_UI_DIST, file))));
      return c.body(new Uint8Array(body), 200, { 'Content-Type': type, ...cached });
    });
  }
  return app;
}
