import { expect, test, type Locator } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/** The names of the node types the palette lists, top to bottom. */
const listed = (palette: Locator) => palette.locator('.palette-item .palette-name');

test('typing in the palette search filters the node library, in Chinese and in English', async ({ page }, testInfo) => {
  const created = await page.request.post('/api/journeys', {
    headers: adminHeaders,
    data: { name: '节点库搜索', graph: { nodes: [], edges: [] }, settings: {} },
  });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);

  const palette = page.getByRole('complementary', { name: '节点库' });
  // The 13 built-ins, the repo's two example plugins (points, group-buy) and the WeChat plugin's two nodes
  // (公众号客服消息, 订阅消息), loaded from ./plugins.
  await expect(listed(palette)).toHaveCount(17);
  const search = palette.getByLabel('搜索节点');

  // By name and by what the node does: 会员升级 "等待购买".
  await search.fill('等待');
  await expect(listed(palette)).toHaveText(['等待', '等待事件', '会员升级']);
  await expect(palette.getByText('流量运营')).toBeVisible();
  await expect(palette.getByText('老客复购')).toBeVisible();
  await expect(palette.getByText('流量引入')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('palette-search-zh.png') });
  // Names in the other language find a node too.
  await search.fill('Webhook');
  await expect(listed(palette)).toHaveText(['Webhook 调用']);
  await search.fill('Tag');
  await expect(listed(palette)).toHaveText(['打标签', '条件判断']);
  await search.fill('不存在的节点');
  await expect(listed(palette)).toHaveCount(0);
  await expect(palette.getByText('没有匹配的节点')).toBeVisible();
  // A found node is added like any other.
  await search.fill('入口');
  await palette.getByTestId('palette-entry').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  await search.fill('');
  // The 13 built-ins, the repo's two example plugins (points, group-buy) and the WeChat plugin's two nodes
  // (公众号客服消息, 订阅消息), loaded from ./plugins.
  await expect(listed(palette)).toHaveCount(17);

  await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
  const english = page.getByRole('complementary', { name: 'Node library' });
  const searchEn = english.getByLabel('Search nodes');
  await searchEn.fill('wait');
  await expect(listed(english)).toHaveText(['Wait', 'Wait for event', 'Official Account customer-service message', 'Subscribe message', 'Membership upsell']);
  await searchEn.fill('coupon');
  await expect(listed(english)).toHaveText(['Offer']);
  await expect(english.getByText('Convert')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('palette-search-en.png') });
  await searchEn.fill('优惠券');
  await expect(listed(english)).toHaveText(['Offer']);
  await searchEn.fill('zzz');
  await expect(english.getByText('No matching nodes')).toBeVisible();
  await english.getByRole('button', { name: 'close-circle' }).click();
  await expect(searchEn).toHaveValue('');
  await expect(listed(english)).toHaveCount(17);

  await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).click();
  await expect(page.getByRole('complementary', { name: '节点库' })).toBeVisible();
});
