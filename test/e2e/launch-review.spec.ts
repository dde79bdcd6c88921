import { expect, test } from '@playwright/test';
import template from '../../editor/src/journeys/templates/butterfly-model.json' with { type: 'json' };
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

const settings = { timezone: 'Asia/Shanghai', quietHours: { start: '22:00', end: '08:00' }, frequencyCap: { max: 3, perHours: 24, channels: [] }, exitEvent: 'order.refunded' };

test('发布 opens the launch review: entry, limits, checks, contacts staying on version 1, and a dry run of the butterfly template on three sample contacts', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  // The template's upsell names the gold card: with the plan in the store, the draft names nothing missing.
  const plan = { id: 'gold_card', name: '金卡会员', kind: 'card', price: 199, tier: 'gold', durationDays: 365 };
  expect((await request.post('/api/plans', { headers: adminHeaders, data: plan })).ok()).toBe(true);
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: `蝴蝶模型 ${stamp}`, graph: template.graph, settings } });
  expect(created.ok()).toBe(true);
  const { id } = await created.json();
  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders, data: {} })).ok()).toBe(true);
  const stored = { id: `lr-${stamp}-1`, name: '老客户小周' };
  for (const contact of [stored, { id: `lr-${stamp}-2`, name: '老客户小吴' }]) {
    expect((await request.post('/api/contacts', { headers: adminHeaders, data: contact })).ok()).toBe(true);
    const event = { contactId: contact.id, type: 'contact.acquired', properties: { source: 'douyin_live' } };
    expect((await request.post('/api/events', { headers: adminHeaders, data: event })).status()).toBe(202);
  }
  await expect
    .poll(async () => (await (await request.get(`/api/journeys/${id}/in-flight`, { headers: adminHeaders })).json()).versions[0]?.contacts ?? 0)
    .toBe(2);
  const before = await (await request.get(`/api/messages?journeyId=${id}&limit=500`, { headers: adminHeaders })).json();

  await signIn(page);
  await page.goto(`/#/journeys/${id}`);
  await page.getByRole('button', { name: /发\s*布/ }).click();
  const review = page.getByRole('dialog', { name: '发布前检查' });
  await expect(review).toBeVisible();
  await expect(review.getByTestId('launch-entries')).toContainText('直播间引流：收到「新增联系人」事件时进入，来源为 抖音直播、淘宝直播只进入一次');
  const limits = review.getByTestId('launch-limits');
  await expect(limits).toContainText('22:00–08:00');
  await expect(limits).toContainText('每 24 小时最多 3 条（全部渠道）');
  // The exit event by its name, not its id.
  await expect(limits).toContainText('退出事件订单退款');
  // The e2e server delivers through the recording adapter only, so its seven messages warn of that, and of nothing else.
  const checks = review.getByTestId('launch-checks');
  await expect(checks).toContainText('7 条提醒（可以发布）');
  await expect(checks).toContainText('「会员升级」「企业微信私聊」渠道还没有接通：消息只会记录在系统里，客户收不到');
  const inFlight = review.getByTestId('launch-in-flight');
  await expect(inFlight).toContainText('已经在旅程中的联系人留在他们进入时的版本上');
  // Both contacts of version 1 are still in it, at whichever of its first nodes they have reached.
  await expect(inFlight).toContainText(/第 1 版：2 人 — 「(欢迎语|等待 1 天)」2 人/);
  await review.screenshot({ path: testInfo.outputPath('launch-review.png') });

  // Three sample contacts: a described buyer who pays on day 4, a described browser from feed ads who
  // never orders, and the stored contact 小周 entering again from the live room.
  const samples = review.getByTestId('sample-contact');
  await samples.nth(0).getByLabel('姓名').fill('买家小王');
  await samples.nth(0).getByRole('button', { name: '添加后续事件' }).click();
  const paid = samples.nth(0).getByTestId('sample-event');
  await paid.getByLabel('几天后').fill('4');
  await paid.getByLabel('事件').fill('order.paid');
  await review.getByTestId('add-sample').click();
  await samples.nth(1).getByLabel('姓名').fill('逛逛小李');
  await samples.nth(1).getByLabel('进入方式').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('信息流广告').click();
  await review.getByTestId('add-sample').click();
  await samples.nth(2).getByText('已有联系人').click();
  await samples.nth(2).getByLabel('联系人 ID').fill(stored.id);
  await review.getByTestId('run-simulation').click();

  const results = review.getByTestId('simulated-contact');
  await expect(results).toHaveCount(3);
  const buyer = results.nth(0);
  await expect(buyer).toContainText('买家小王');
  await expect(buyer).toContainText('通过「直播间引流」进入（抖音直播）');
  await expect(buyer).toContainText('等待首单 → 已发生');
  await expect(buyer).toContainText('首单转化');
  await expect(buyer.getByTestId('simulated-message').filter({ hasText: '券码' })).toContainText(/买家小王，送你一张 新客首单立减 20 元，券码 \w{4}-\w{4}-\w{4}/);
  await expect(buyer.getByTestId('simulated-message').first()).toContainText('企业微信私聊');
  const browser = results.nth(1);
  await expect(browser).toContainText('通过「广告投放引流」进入（信息流广告）');
  await expect(browser).toContainText('等待首单 → 超时');
  // The exit node completes the journey (a run exits early only by an exit event or an operator).
  await expect(browser).toContainText(/完成.*未转化$/);
  await expect(browser).toContainText(/等待至/);
  const regular = results.nth(2);
  await expect(regular).toContainText('老客户小周');
  await expect(regular.getByTestId('simulated-message').first()).toContainText('老客户小周，欢迎加入会员福利群');
  await buyer.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('launch-simulation.png') });
  await browser.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('launch-simulation-browser.png') });

  // The dry run sent nothing.
  const after = await (await request.get(`/api/messages?journeyId=${id}&limit=500`, { headers: adminHeaders })).json();
  expect(after.items.length).toBe(before.items.length);

  await review.getByTestId('launch-publish').click();
  await expect(page.getByText('已发布 第 2 版')).toBeVisible();
  await expect(review).toBeHidden();
});
