import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';
import { closeSelect } from './menu.ts';

/** The workspace cap applies to every journey of the e2e server: each test leaves none set. */
async function clearWorkspaceCap(request: APIRequestContext) {
  expect((await request.put('/api/settings', { headers: adminHeaders, data: { frequencyCap: { rules: [] } } })).ok()).toBe(true);
}

test.afterEach(async ({ request }) => clearWorkspaceCap(request));

test('an admin sets the workspace frequency cap on the settings page; it is saved and shown again', async ({ page, request }, testInfo) => {
  await clearWorkspaceCap(request);
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: '设置' }).click();
  await expect(page.getByRole('heading', { name: '工作区设置' })).toBeVisible();
  const card = page.getByTestId('frequency-cap-settings');
  /** Picks (or, picked, removes) SMS in a rule's channel list, in the one dropdown open. */
  const toggleSms = async (rule: Locator) => {
    await rule.getByRole('combobox', { name: '渠道' }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^短信$/ }).click();
    await closeSelect(page);
  };
  await expect(card).toContainText('未设置工作区上限');

  await card.getByRole('button', { name: '添加规则' }).click();
  const rule = card.getByTestId('cap-rule');
  await expect(rule).toHaveCount(1);
  await toggleSms(rule);
  await rule.getByRole('spinbutton', { name: '最多' }).fill('2');
  await rule.getByRole('spinbutton', { name: '小时' }).fill('24');
  await card.getByRole('button', { name: '添加规则' }).click();
  await expect(rule).toHaveCount(2);
  // Two rules over the same channels and window are refused before saving, with the reason.
  await toggleSms(rule.nth(1));
  await rule.nth(1).getByRole('spinbutton', { name: '小时' }).fill('24');
  await expect(card).toContainText('有两条规则的渠道和时间窗相同');
  await expect(card.getByRole('button', { name: /保\s*存/ })).toBeDisabled();
  await toggleSms(rule.nth(1));
  await rule.nth(1).getByRole('spinbutton', { name: '最多' }).fill('5');
  await rule.nth(1).getByRole('spinbutton', { name: '小时' }).fill('168');
  await card.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('workspace-settings.png') });

  const saved = await (await request.get('/api/settings', { headers: adminHeaders })).json();
  expect(saved.frequencyCap.rules).toEqual([
    { channels: ['sms'], max: 2, perHours: 24 },
    { channels: [], max: 5, perHours: 168 },
  ]);
  await page.reload();
  await expect(card.getByTestId('cap-rule')).toHaveCount(2);
  await expect(card.getByRole('spinbutton', { name: '最多' }).first()).toHaveValue('2');
  await expect(card).toContainText('上次保存于');
});

test('a message over the workspace cap shows held on the monitor with its reason and time; an opted-out contact is skipped with the reason', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const entryEvent = `fatigue_${stamp}.joined`;
  const journey = (label: string) => ({
    name: label,
    settings: {},
    graph: {
      nodes: [
        { id: 'n1', type: 'entry', label: '加入会员群', position: { x: 0, y: 0 }, config: { event: entryEvent } },
        { id: 'n2', type: 'content_push', label, position: { x: 300, y: 0 }, config: { channel: 'sms', template: `${label}，{{contact.name}}` } },
      ],
      edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
    },
  });
  expect((await request.put('/api/settings', { headers: adminHeaders, data: { frequencyCap: { rules: [{ channels: ['sms'], max: 1, perHours: 24 }] } } })).ok()).toBe(true);
  const ids: string[] = [];
  for (const label of ['新品推荐', '会员日促销']) {
    const { id } = await (await request.post('/api/journeys', { headers: adminHeaders, data: journey(label) })).json();
    expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders })).ok()).toBe(true);
    ids.push(id);
  }
  const held = { id: `fatigue-${stamp}-1`, name: '陈静' };
  const optedOut = { id: `fatigue-${stamp}-2`, name: '周杰' };
  for (const contact of [held, optedOut]) expect((await request.post('/api/contacts', { headers: adminHeaders, data: contact })).ok()).toBe(true);
  const unsubscribe = { contactId: optedOut.id, type: 'contact.unsubscribed', properties: { channel: 'sms', source: 'sms_reply' } };
  expect((await request.post('/api/events', { headers: adminHeaders, data: unsubscribe })).status()).toBe(202);
  for (const contact of [held, optedOut]) {
    expect((await request.post('/api/events', { headers: adminHeaders, data: { contactId: contact.id, type: entryEvent } })).status()).toBe(202);
  }
  let heldJourney = '';
  await expect(async () => {
    const { runs } = await (await request.get(`/api/contacts/${held.id}`, { headers: adminHeaders })).json();
    const found = runs.find((r: { held: unknown }) => r.held);
    expect(found?.held.reason).toBe('frequency_cap.workspace');
    heldJourney = found.journeyId;
  }).toPass({ timeout: 15_000 });

  await signIn(page);
  await page.goto(`/#/journeys/${heldJourney}/monitor`);
  // The node's card counts the held contact apart from those waiting for their own timer or event.
  await expect(page.locator('.react-flow__node[data-id="n2"] [data-count="held"]')).toHaveText('暂缓 1');
  await page.locator('.react-flow__node[data-id="n2"]').click();
  const item = page.getByTestId('run-item').filter({ hasText: held.name });
  await expect(item.getByTestId('held-note')).toContainText('超出工作区频次上限');
  await expect(item.getByTestId('held-note')).toContainText('将于');
  await page.screenshot({ path: testInfo.outputPath('monitor-held.png') });

  await page.goto(`/#/contacts/${held.id}`);
  await expect(page.getByTestId('held-note')).toContainText('超出工作区频次上限');
  await expect(page.getByTestId('step-reason').first()).toContainText('超出工作区频次上限');
  await expect(page.getByTestId('consent')).toContainText('接收所有渠道的消息');

  await page.goto(`/#/contacts/${optedOut.id}`);
  await expect(page.getByTestId('opt-out')).toContainText('已退订短信');
  await expect(page.getByTestId('opt-out')).toContainText('sms_reply');
  await expect(page.getByTestId('step-reason')).toHaveCount(2);
  await expect(page.getByTestId('step-reason').first()).toContainText('已跳过：联系人已退订该渠道');
  await page.screenshot({ path: testInfo.outputPath('contact-opted-out.png') });
  const messages = await (await request.get(`/api/messages?contactId=${optedOut.id}`, { headers: adminHeaders })).json();
  expect(messages.items).toEqual([]);

  // The push's form offers the message type and says in one sentence what transactional means.
  await page.goto(`/#/journeys/${encodeURIComponent(ids[0]!)}`);
  await page.locator('.react-flow__node[data-id="n2"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await expect(inspector.getByLabel('消息类型')).toBeVisible();
  await expect(inspector).toContainText('营销');
  await inspector.locator('.ant-form-item').filter({ hasText: '消息类型' }).locator('.ant-form-item-tooltip').hover();
  await expect(page.getByRole('tooltip')).toContainText('事务消息（刚发放的券码、订单通知）不受上限和免打扰限制');
  await page.screenshot({ path: testInfo.outputPath('push-priority-form.png') });
});
