import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const graph = {
  nodes: [
    { id: 'n1', type: 'entry', label: '新客进入', position: { x: 0, y: 0 }, config: {} },
    { id: 'n2', type: 'offer', label: '新人券', position: { x: 320, y: 0 }, config: { name: '满100减20', value: 20, expiresInDays: 3 } },
    { id: 'n3', type: 'content_push', label: '发券通知', position: { x: 640, y: 0 }, config: { template: '你好 {{contact.name}}，{{offer.name}} 已到账' } },
    { id: 'n4', type: 'condition', label: '是否看过内容', position: { x: 960, y: 0 }, config: { rules: [{ kind: 'tag', tag: 'vip' }] } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
    { id: 'e3', source: 'n3', sourceHandle: 'out', target: 'n4' },
  ],
};

test('the template editor warns of a variable without fallback and previews the upstream offer; checks show warnings', async ({ page, request }, testInfo) => {
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: '语义演示', graph, settings: {} } });
  expect(created.ok()).toBe(true);
  const { id } = await created.json();

  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await page.locator('.react-flow__node[data-id="n3"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await expect(inspector.getByTestId('template-warnings')).toContainText('联系人姓名');
  await expect(inspector.getByTestId('template-sample')).toContainText('新人券');
  await expect(inspector.getByTestId('template-preview')).toHaveText('你好 王小明，满100减20 已到账');
  await page.screenshot({ path: testInfo.outputPath('template-warnings.png') });

  await page.getByRole('button', { name: /检\s*查/ }).click();
  const problems = page.getByRole('region', { name: '问题' });
  await expect(problems.getByRole('button', { name: /提醒.*出口「是」没有连线/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('validation-warnings.png') });
});
