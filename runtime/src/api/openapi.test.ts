import { describe, expect, it } from 'vitest';
import { API_DOCS_PATHS } from './api-docs.ts';
import { createTestApp } from './test-support.ts';

interface Operation {
  servers?: { url: string }[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Every `$ref` in a value, as JSON pointers. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('describes every API route with its parameters, request body and response schemas', async () => {
    const t = await createTestApp();
    const res = await t.call('GET', '/api/openapi.json', undefined, { Authorization: '' });
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\./);

    // Routes under /api are documented relative to the document's `/api` server; the others (/metrics)
    // with a server of their own at the root.
    const served = t.app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/api/openapi.json' && !API_DOCS_PATHS.includes(r.path))
      .map((r) => {
        const path = r.path.startsWith('/api/') ? r.path.slice('/api'.length) : `${r.path} (root)`;
        return `${r.method.toLowerCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;
      });
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => `${m} ${path}${op.servers?.some((s) => s.url === '/') ? ' (root)' : ''}`),
    );
    expect(new Set(documented)).toEqual(new Set(served));
    expect(served).toEqual(expect.arrayContaining(['get /metrics (root)', 'post /auth/password', 'get /messages']));
    expect(served.length).toBeGreaterThanOrEqual(27);

    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        for (const param of path.match(/\{\w+\}/g) ?? []) {
          if (!op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === param)) problems.push(`${where}: path parameter ${param} undeclared`);
        }
        if (['post', 'put', 'patch'].includes(method) && op.requestBody && !op.requestBody.content['application/json']?.schema) {
          problems.push(`${where}: request body without a JSON schema`);
        }
        for (const [status, response] of Object.entries(op.responses)) {
          // Every answer is JSON but the Prometheus text of a 200 from /metrics.
          const media = path === '/metrics' && status === '200' ? 'text/plain' : 'application/json';
          if (status !== '204' && !response.content?.[media]?.schema) problems.push(`${where}: ${status} without a ${media} schema`);
        }
        if (!Object.keys(op.responses).some((s) => s.startsWith('2'))) problems.push(`${where}: no success response`);
        const isPublic = ['/health', '/auth/login'].includes(path);
        if (!isPublic && !op.responses['401']) problems.push(`${where}: 401 undocumented`);
        if (op.requestBody && !op.responses['400']) problems.push(`${where}: 400 undocumented`);
      }
    }
    for (const ref of refs(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      if (!ref.startsWith('#/components/schemas/') || !(name in doc.components.schemas)) problems.push(`unresolved ${ref}`);
    }
    expect(problems).toEqual([]);

    const password = doc.paths['/auth/password']!['post']!;
    expect(Object.keys(password.responses).sort()).toEqual(['200', '400', '401', '403', '409', '413', '415', '429']);
    expect(password.requestBody?.content['application/json']?.schema).toMatchObject({
      required: ['currentPassword', 'newPassword'],
      properties: { newPassword: { type: 'string', minLength: 8 } },
    });
    const messages = doc.paths['/messages']!['get']!;
    expect(messages.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual(
      expect.arrayContaining(['query channel', 'query status', 'query journeyId', 'query contactId', 'query cursor', 'query limit']),
    );
    const diff = doc.paths['/journeys/{id}/versions/{version}/diff']!['get']!;
    expect(diff.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual(['path id', 'path version', 'query against']);
    expect(Object.keys(diff.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    const butterfly = doc.paths['/analytics/butterfly']!['get']!;
    expect(butterfly.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual(expect.arrayContaining(['query journeyId', 'query from', 'query to']));
    const metrics = doc.paths['/metrics']!['get']!;
    expect(metrics.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(Object.keys(metrics.responses).sort()).toEqual(['200', '401', '403']);
  });

  it('serves the interactive docs page without auth', async () => {
    const t = await createTestApp();
    const res = await t.call('GET', '/api/docs', undefined, { Authorization: '' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<script src="/api/docs/init.js"></script>');
    expect((await t.call('GET', '/api/docs/init.js', undefined, { Authorization: '' })).text).toContain('/api/openapi.json');
  });
});
