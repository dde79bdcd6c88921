import { expect, test, type Page } from '@playwright/test';
import { adminHeaders, E2E } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/** Every Content-Security-Policy violation the page reports, and console messages about one. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

test('the editor works under its Content-Security-Policy: canvas, forms, dashboard', async ({ page }, testInfo) => {
  const violations = collectViolations(page);
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } },
      { id: 'push', type: 'content_push', position: { x: 300, y: 0 }, config: { template: '你好 {{contact.name}}' } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'push' }],
  };
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: `CSP ${Date.now()}`, graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['x-frame-options']).toBe('DENY');
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');

  await signIn(page);
  await page.goto(`/#/journeys/${id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await page.locator('.react-flow__node').nth(1).click();
  await expect(page.getByText('内容模板')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('editor-under-csp.png') });
  await page.goto('/#/dashboard');
  await expect(page.getByRole('heading', { name: '蝴蝶模型看板' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('the API docs render from the bundled Swagger UI, without CDN', async ({ page }, testInfo) => {
  const violations = collectViolations(page);
  const offOrigin: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(E2E.baseURL) && !request.url().startsWith('data:')) offOrigin.push(request.url());
  });
  await page.goto('/api/docs');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Journey builder API');
  await expect(page.locator('.opblock').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('api-docs.png') });
  expect(offOrigin).toEqual([]);
  expect(violations).toEqual([]);
});
