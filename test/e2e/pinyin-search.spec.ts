import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

test('Chinese choices are found by Chinese, by pinyin and by pinyin initials: sources, channels, node library, journeys; events show by name', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const graph = {
    nodes: [
      { id: 'n1', type: 'entry', label: '直播引流', position: { x: 0, y: 0 }, config: { sources: [] } },
      { id: 'n2', type: 'content_push', label: '欢迎消息', position: { x: 0, y: 200 }, config: { channel: 'sms', template: '你好' } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  };
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: `拼音搜索 ${stamp}`, graph, settings: {} } });
  const { id } = await created.json();
  await signIn(page);
  await page.goto(`/#/journeys/${id}`);

  await page.locator('.react-flow__node[data-id="n1"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  const sources = inspector.getByLabel('来源渠道');
  const dropdown = page.locator('.ant-select-dropdown:visible');
  // mode="tags" also offers what was typed as a new source; the built-in one is found by its name.
  for (const typed of ['抖音', 'dyzb', 'douyin']) {
    await sources.fill(typed);
    await expect(dropdown.getByTitle('抖音直播'), typed).toBeVisible();
    await expect(dropdown.getByTitle('淘宝直播'), typed).toHaveCount(0);
  }
  await sources.fill('直播');
  await expect(dropdown.locator('.ant-select-item-option-content')).toContainText(['抖音直播', '淘宝直播']);
  await sources.fill('dyzb');
  await page.screenshot({ path: testInfo.outputPath('pinyin-sources.png') });
  await dropdown.getByTitle('抖音直播').click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.react-flow__node[data-id="n1"]')).toContainText('来源: 1 个渠道');

  // The event field lists the product's events by name, the id in a tooltip; pinyin finds them too.
  const event = inspector.getByLabel('触发事件');
  await event.fill('zfdd');
  await expect(dropdown.locator('.ant-select-item-option')).toHaveText([/^支付订单/]);
  await event.fill('contact.acquired');

  await page.locator('.react-flow__node[data-id="n2"]').click();
  const channel = inspector.getByLabel('渠道');
  await channel.click();
  await page.keyboard.type('qwsl');
  await expect(dropdown.locator('.ant-select-item-option')).toHaveText(['企业微信私聊']);
  await page.keyboard.press('Escape');

  const palette = page.getByRole('complementary', { name: '节点库' });
  await palette.getByLabel('搜索节点').fill('yqyl');
  await expect(palette.locator('.palette-item .palette-name')).toHaveText(['邀请有礼']);
  await palette.getByLabel('搜索节点').fill('');

  await page.goto('/#/messages');
  const journeyFilter = page.getByRole('combobox', { name: '旅程' });
  await journeyFilter.click();
  await page.keyboard.type('pyss');
  await expect(dropdown.locator('.ant-select-item-option')).toContainText([`拼音搜索 ${stamp}`]);
  await page.screenshot({ path: testInfo.outputPath('pinyin-journeys.png') });
});
