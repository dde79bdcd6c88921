import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const graph = {
  nodes: [
    { id: 'n1', type: 'entry', label: '抖音直播引流', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } },
    { id: 'n2', type: 'content_push', label: '欢迎消息', position: { x: 320, y: 0 }, config: { channel: 'sms' } },
    { id: 'n3', type: 'condition', label: '是否高意向', position: { x: 640, y: 140 }, config: { match: 'all', rules: [] } },
  ],
  edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
};

test('checking shows problems on the canvas; fixing a node through its form clears them', async ({ page, request }, testInfo) => {
  const created = await request.post('/api/journeys', {
    headers: adminHeaders,
    data: { name: '问题演示', graph, settings: {} },
  });
  expect(created.ok()).toBe(true);
  const { id } = await created.json();

  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  await page.getByRole('button', { name: /检\s*查/ }).click();
  const problems = page.getByRole('region', { name: '问题' });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole('button', { name: /欢迎消息/ })).toBeVisible();
  await expect(problems.getByRole('button', { name: /是否高意向.*无法从任何入口到达/ })).toBeVisible();
  await expect(page.locator('.jn-invalid')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('problems.png') });

  await problems.getByRole('button', { name: /欢迎消息/ }).first().click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await expect(inspector.getByLabel('节点名称')).toHaveValue('欢迎消息');
  await expect(inspector.getByLabel('渠道')).toBeVisible();
  await inspector.getByRole('button', { name: '联系人姓名' }).click();
  await expect(inspector.getByLabel('内容模板')).toHaveValue('{{contact.name | 朋友}}');
  await expect(page.locator('.react-flow__node[data-id="n2"] .jn-card')).not.toHaveClass(/jn-invalid/);
  await expect(page.locator('.react-flow__node[data-id="n2"]')).toContainText('推送: 短信');

  await page.locator('.react-flow__node[data-id="n3"]').click();
  await inspector.getByRole('button', { name: /添\s*加/ }).click();
  await page.getByRole('menuitem', { name: '标签' }).click();
  await inspector.getByLabel('标签', { exact: true }).fill('高意向');
  await expect(page.locator('.react-flow__node[data-id="n3"]')).toContainText('1 条规则（全部）');
  await expect(problems.locator('.problem-item[data-severity="error"]')).toHaveText([/是否高意向.*无法从任何入口到达/]);

  await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
  await expect(page.getByRole('button', { name: 'Check' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Settings' }).getByText('Rules', { exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('form-english.png') });
});
