import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

test('the contact timeline explains: events with their properties, the entry source, the deciding rule, a wait until when, messages', async ({ page }, testInfo) => {
  const at = { x: 0, y: 0 };
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', label: '直播进线', position: at, config: {} },
      { id: 'check', type: 'condition', label: '近 7 天复购', position: at,
        config: { match: 'all', rules: [{ kind: 'behaviour', op: 'did', event: 'order.paid', count: 2, within: 'days', days: 7 }] } },
      { id: 'push', type: 'content_push', label: '复购提醒', position: at, config: { channel: 'sms', template: '{{contact.name}}，再来一单立减 10 元' } },
      { id: 'pause', type: 'wait', label: '等两小时', position: at, config: { duration: { hours: 2 } } },
    ],
    edges: [
      { id: 'e1', source: 'entry', sourceHandle: 'out', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'no', target: 'push' },
      { id: 'e3', source: 'push', sourceHandle: 'out', target: 'pause' },
    ],
  };
  const name = `轨迹解释 ${Date.now()}`;
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name, graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders, data: {} })).ok()).toBe(true);
  const contactId = `timeline_${Date.now()}`;
  expect((await page.request.post('/api/contacts', { headers: adminHeaders, data: { id: contactId, name: '李轨迹' } })).ok()).toBe(true);
  expect((await page.request.post('/api/events', { headers: adminHeaders, data: { contactId, type: 'order.paid', properties: { amount: 99 } } })).status()).toBe(202);
  await expect.poll(async () => ((await (await page.request.get(`/api/contacts/${contactId}/events`, { headers: adminHeaders })).json()) as { items: unknown[] }).items.length).toBe(1);
  expect((await page.request.post('/api/events', { headers: adminHeaders, data: { contactId, type: 'contact.acquired', properties: { source: 'douyin_live' } } })).status()).toBe(202);
  // Other journeys in the shared database may take this contact in too: only this journey's steps count.
  const stepsHere = async () =>
    ((await (await page.request.get(`/api/contacts/${contactId}/timeline`, { headers: adminHeaders })).json()) as { items: { journeyId: string }[] }).items.filter((s) => s.journeyId === id).length;
  await expect.poll(stepsHere).toBe(4);

  await signIn(page);
  await page.goto(`/#/contacts/${contactId}`);
  const events = page.getByTestId('timeline-event');
  await expect(events).toHaveCount(2);
  await expect(events.nth(0)).toContainText('收到事件「支付订单」');
  await expect(events.nth(0)).toContainText('金额: 99');
  await expect(events.nth(1)).toContainText('收到事件「新增联系人」');
  await expect(events.nth(1)).toContainText('来源: 抖音直播');

  const steps = page.getByTestId('timeline-step').filter({ hasText: name });
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText('直播进线');
  await expect(steps.nth(0).getByTestId('step-explanation')).toHaveText(['因「新增联系人」进入', '来源：抖音直播']);
  await expect(steps.nth(1)).toContainText('近 7 天复购');
  await expect(steps.nth(1).getByTestId('step-explanation')).toContainText('判断依据：第 1 条规则，做过「支付订单」至少 2 次');
  await expect(steps.nth(1).getByTestId('step-explanation')).toContainText('实际 1 次 · 不成立');
  await expect(steps.nth(2).getByTestId('timeline-message')).toContainText('短信');
  await expect(steps.nth(2).getByTestId('timeline-message')).toContainText('李轨迹，再来一单立减 10 元');
  await expect(steps.nth(3)).toContainText('等两小时');
  await expect(steps.nth(3).getByTestId('step-explanation')).toContainText(/^等到 /);
  await expect(page.getByText(/douyin_live|order\.paid/)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('contact-timeline.png'), fullPage: true });
});
