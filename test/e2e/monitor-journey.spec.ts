import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

/** An event type of this test's own, so journeys other tests left live do not enrol these contacts too. */
const entryEvent = 'live_room.joined';

const graph = {
  nodes: [
    { id: 'n1', type: 'entry', label: '抖音直播引流', position: { x: 0, y: 0 },
      config: { event: entryEvent, sources: ['douyin_live'] } },
    { id: 'n2', type: 'tag', label: '标记直播客', position: { x: 300, y: 0 }, config: { add: ['直播客'] } },
    { id: 'n3', type: 'content_push', label: '短信欢迎', position: { x: 600, y: 0 },
      config: { channel: 'sms', template: '{{contact.name}}，欢迎来到直播间福利群' } },
    { id: 'n4', type: 'wait', label: '等待一天', position: { x: 900, y: 0 },
      config: { mode: 'duration', duration: { days: 1, hours: 0, minutes: 0, seconds: 0 } } },
    { id: 'n5', type: 'goal', label: '首单', position: { x: 1200, y: 0 }, config: { name: '首单' } },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
    { id: 'e3', source: 'n3', sourceHandle: 'out', target: 'n4' },
    { id: 'e4', source: 'n4', sourceHandle: 'out', target: 'n5' },
  ],
};

const contacts = [
  { id: `mon-${Date.now()}-1`, name: '王小明' },
  { id: `mon-${Date.now()}-2`, name: '李娜' },
  { id: `mon-${Date.now()}-3`, name: '张伟' },
];

test('events through the API show as counts on the monitor canvas; runs, timeline and messages follow', async ({ page, request }, testInfo) => {
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: '直播引流监控', graph, settings: {} } });
  expect(created.ok()).toBe(true);
  const { id } = await created.json();
  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders })).ok()).toBe(true);
  for (const contact of contacts) {
    expect((await request.post('/api/contacts', { headers: adminHeaders, data: contact })).ok()).toBe(true);
    const event = { contactId: contact.id, type: entryEvent, properties: { source: 'douyin_live' } };
    expect((await request.post('/api/events', { headers: adminHeaders, data: event })).status()).toBe(202);
  }

  await signIn(page);
  await expect(page.getByRole('row', { name: /直播引流监控/ }).getByTestId('active-contacts')).toHaveText('3', { timeout: 15_000 });
  await page.getByRole('row', { name: /直播引流监控/ }).getByRole('button', { name: /监\s*控/ }).click();

  const node = (nodeId: string) => page.locator(`.react-flow__node[data-id="${nodeId}"]`);
  await expect(node('n4').locator('[data-count="waiting"] b')).toHaveText('3', { timeout: 15_000 });
  await expect(node('n1').locator('[data-count="entered"] b')).toHaveText('3');
  await expect(node('n3').locator('[data-count="entered"] b')).toHaveText('3');
  await expect(node('n5').locator('[data-count="entered"] b')).toHaveText('0');
  await expect(page.getByTestId('edge-count-e3')).toHaveText('3 人经过');
  await expect(page.getByTestId('edge-count-e4')).toHaveText('0 人经过');
  await expect(page.getByTestId('monitor-summary')).toContainText('等待 3');
  await page.screenshot({ path: testInfo.outputPath('monitor-mode.png') });

  await node('n4').click();
  const panel = page.getByRole('complementary', { name: '「等待一天」上的联系人' });
  await expect(panel.getByTestId('run-item')).toHaveCount(3);
  for (const contact of contacts) await expect(panel.getByRole('link', { name: contact.name })).toBeVisible();
  await expect(panel.getByTestId('run-item').first()).toContainText('等待中');
  await page.screenshot({ path: testInfo.outputPath('monitor-runs.png') });

  // The contact opens beside the monitor, which stays where it was.
  await panel.getByRole('link', { name: '王小明' }).click();
  const drawer = page.getByRole('dialog', { name: '王小明' });
  await expect(drawer.getByText('直播客', { exact: true })).toBeVisible();
  await expect(node('n4')).toBeVisible();
  const steps = drawer.getByTestId('timeline-step');
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText('抖音直播引流');
  await expect(steps.nth(0)).toContainText('走向「下一步」');
  await expect(steps.nth(1)).toContainText('标记直播客');
  await expect(steps.nth(2)).toContainText('短信欢迎');
  await expect(steps.nth(2).getByTestId('timeline-message')).toHaveText('短信王小明，欢迎来到直播间福利群');
  await expect(steps.nth(3)).toContainText('等待一天');
  await expect(steps.nth(3)).toContainText('开始等待');
  // The same explaining timeline as the contact page: the entry source, the wait's until, the events received.
  await expect(steps.nth(0).getByTestId('step-explanation')).toContainText(['因「live_room.joined」进入', '来源：抖音直播']);
  await expect(steps.nth(3).getByTestId('step-explanation')).toHaveText(/^等到 /);
  await expect(drawer.getByTestId('timeline-event').first()).toContainText('来源: 抖音直播');
  await expect(steps.filter({ hasText: /\bn\d\b/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('contact-timeline.png') });
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  await page.goto('/#/messages');
  await page.getByRole('combobox', { name: '旅程' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '直播引流监控' }).click();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: '短信' })).toHaveCount(3);
  await expect(rows.filter({ hasText: '李娜，欢迎来到直播间福利群' })).toHaveCount(1);
  await expect(rows.first()).toContainText('短信欢迎');
  await page.screenshot({ path: testInfo.outputPath('messages.png') });
  await page.getByRole('combobox', { name: '渠道' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '企业微信私聊' }).click();
  await expect(rows).toHaveCount(0);
  // The channel filter is the server's: picking SMS lists the journey's three messages again.
  await page.getByRole('combobox', { name: '渠道' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '短信' }).click();
  await expect(rows).toHaveCount(3);
});

test('a webhook to a refused private address fails for real; monitor shows it, retry and skip work from the UI', async ({ page, request }, testInfo) => {
  // Two real failures, each after three attempts with back-off, on a loaded machine.
  test.setTimeout(150_000);
  const failing = {
    nodes: [
      { id: 'n1', type: 'entry', label: '门店扫码', position: { x: 0, y: 0 }, config: { sources: ['qr_code'] } },
      { id: 'n2', type: 'webhook', label: '同步 CRM', position: { x: 300, y: 0 }, config: { url: 'http://127.0.0.1:9/crm' } },
      { id: 'n3', type: 'goal', label: '已同步', position: { x: 600, y: 0 }, config: { name: '同步' } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
    ],
  };
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: 'CRM 同步', graph: failing, settings: {} } });
  const { id } = await created.json();
  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders })).ok()).toBe(true);
  const contactId = `fail-${Date.now()}`;
  await request.post('/api/contacts', { headers: adminHeaders, data: { id: contactId, name: '赵敏' } });
  await request.post('/api/events', { headers: adminHeaders, data: { contactId, type: 'contact.acquired', properties: { source: 'qr_code' } } });

  await signIn(page);
  await page.goto(`/#/journeys/${id}/monitor`);
  const webhook = page.locator('.react-flow__node[data-id="n2"]');
  // Three attempts with back-off (2 s, then 4 s, jittered) before the run is failed.
  await expect(webhook.locator('[data-count="failed"] b')).toHaveText('1', { timeout: 40_000 });
  await expect(page.getByTestId('edge-count-e2')).toHaveText('0 人经过');

  await webhook.click();
  const panel = page.getByRole('complementary', { name: '「同步 CRM」上的联系人' });
  const run = panel.getByTestId('run-item');
  await expect(run).toHaveAttribute('data-status', 'failed');
  await expect(run.getByRole('link', { name: '赵敏' })).toBeVisible();
  await expect(run.locator('.run-error')).toContainText('127.0.0.1');
  await expect(run.locator('.run-error')).not.toContainText(/\.[jt]s:\d+/);
  await expect(run.getByRole('button', { name: /重\s*试/ })).toBeVisible();
  await expect(run.getByRole('button', { name: /跳\s*过/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('monitor-failed-run.png') });

  // Retry: the step runs again with fresh attempts, and fails again — the address is still refused.
  await run.getByRole('button', { name: /重\s*试/ }).click();
  await expect(page.getByText('已重新执行')).toBeVisible();
  await expect(run).not.toHaveAttribute('data-status', 'failed');
  await expect(run).toHaveAttribute('data-status', 'failed', { timeout: 40_000 });

  // Skip: the run leaves the webhook by its port and reaches the goal.
  await run.getByRole('button', { name: /跳\s*过/ }).click();
  await page.getByRole('tooltip').getByRole('button', { name: /跳\s*过/ }).click();
  await expect(page.getByText('已跳过该节点')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="n3"] [data-count="entered"] b')).toHaveText('1');
  await expect(webhook.locator('[data-count="failed"] b')).toHaveText('0');
  await expect(page.getByTestId('edge-count-e2')).toHaveText('1 人经过');
});
