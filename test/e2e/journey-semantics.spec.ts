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

const simple = (stamp: number) => ({
  nodes: [
    { id: 'n1', type: 'entry', label: '新客进入', position: { x: 0, y: 0 }, config: { event: `pause.test_${stamp}` } },
    { id: 'n2', type: 'tag', label: '打标签', position: { x: 0, y: 200 }, config: { add: ['paused-demo'] } },
  ],
  edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
});

test('pausing asks whether new contacts queue or are skipped; the monitor counts the queued ones', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: `暂停演示 ${stamp}`, graph: simple(stamp), settings: {} } });
  const { id } = await created.json();
  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders, data: {} })).ok()).toBe(true);

  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await page.getByRole('button', { name: /暂\s*停/ }).click();
  const dialog = page.getByRole('dialog', { name: '暂停这个旅程？' });
  await expect(dialog).toContainText('已在旅程中的联系人停在原处，恢复后继续');
  await expect(dialog.getByText('在入口排队，恢复运行后进入旅程。')).toBeVisible();
  await expect(dialog.getByText('不会被加入旅程，恢复后也不会。')).toBeVisible();
  await expect(dialog.getByRole('radio', { name: /排队等候/ })).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('pause-dialog.png') });
  await dialog.getByRole('button', { name: /暂\s*停/ }).click();
  await expect(page.getByText('旅程已暂停')).toBeVisible();
  expect(await (await request.get(`/api/journeys/${id}`, { headers: adminHeaders })).json()).toMatchObject({ status: 'paused', pausedEntries: 'queue' });

  for (const n of [1, 2]) {
    const event = { contactId: `pause-${stamp}-${n}`, type: `pause.test_${stamp}` };
    expect((await request.post('/api/events', { headers: adminHeaders, data: event })).status()).toBe(202);
  }
  await page.goto(`/#/journeys/${encodeURIComponent(id)}/monitor`);
  await expect(page.getByTestId('monitor-queued')).toHaveText('· 排队待进入 2', { timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath('monitor-queued.png') });

  // Resumed, the queued contacts go in; paused again with 不再进入, newcomers are not queued.
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await page.getByRole('button', { name: /恢\s*复/ }).click();
  await expect
    .poll(async () => (await (await request.get(`/api/journeys/${id}/runs?limit=10`, { headers: adminHeaders })).json()).items.length, { timeout: 15_000 })
    .toBe(2);
  await page.getByRole('button', { name: /暂\s*停/ }).click();
  await dialog.getByText('不再进入').click();
  await expect(dialog.getByRole('radio', { name: /不再进入/ })).toBeChecked();
  await dialog.getByRole('button', { name: /暂\s*停/ }).click();
  await expect.poll(async () => (await (await request.get(`/api/journeys/${id}`, { headers: adminHeaders })).json()).pausedEntries).toBe('skip');
  expect((await request.post('/api/events', { headers: adminHeaders, data: { contactId: `pause-${stamp}-3`, type: `pause.test_${stamp}` } })).status()).toBe(202);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}/monitor`);
  await expect(page.getByTestId('monitor-summary')).toBeVisible();
  await expect(page.getByTestId('monitor-queued')).toHaveCount(0);
});

test('the condition form writes a behaviour rule: did or did not, an event by name with its count, at least N times, within D days', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const event = `content.viewed_${stamp}`;
  for (const n of [1, 2, 3]) {
    expect((await request.post('/api/events', { headers: adminHeaders, data: { contactId: `beh-${stamp}-${n}`, type: event } })).status()).toBe(202);
  }
  const g = {
    nodes: [
      { id: 'n1', type: 'entry', label: '新客进入', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'condition', label: '是否看过内容', position: { x: 0, y: 200 }, config: { rules: [{ kind: 'behaviour', event: 'order.paid' }] } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  };
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: `行为条件 ${stamp}`, graph: g, settings: {} } });
  const { id } = await created.json();

  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await page.locator('.react-flow__node[data-id="n2"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await inspector.getByLabel('判断').click();
  await page.locator('.ant-select-item-option').filter({ hasText: /^没做过$/ }).click();
  const eventField = inspector.getByLabel('事件', { exact: true });
  await eventField.fill(event.slice(0, -3));
  const option = page.getByTestId('event-option').filter({ hasText: event });
  await expect(option).toContainText('已收到 3 次');
  await page.screenshot({ path: testInfo.outputPath('behaviour-event.png') });
  await option.click();
  await inspector.getByLabel('至少次数').fill('2');
  await expect(inspector.getByLabel('天数')).toBeVisible();
  await inspector.getByLabel('天数').fill('14');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect
    .poll(async () => (await (await request.get(`/api/journeys/${id}`, { headers: adminHeaders })).json()).graph.nodes[1].config.rules[0])
    .toMatchObject({ kind: 'behaviour', op: 'did_not', event, count: 2, days: 14 });
  await page.screenshot({ path: testInfo.outputPath('behaviour-rule.png') });
});

test('the problems list shows the new warnings and follows every change: fixed and deleted nodes drop out', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const g = {
    nodes: [
      { id: 'n1', type: 'entry', label: '新客进入', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'content_push', label: '短信通知', position: { x: 0, y: 200 }, config: { channel: 'sms', template: '你好' } },
      { id: 'n3', type: 'wait_event', label: '等下单', position: { x: 0, y: 400 }, config: { event: `order.never_${stamp}` } },
      { id: 'n4', type: 'referral_reward', label: '邀请有礼', position: { x: 0, y: 600 }, config: { reward: { kind: 'coupon', amount: 20, threshold: 100 } } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
      { id: 'e3', source: 'n3', sourceHandle: 'matched', target: 'n4' },
    ],
  };
  const created = await request.post('/api/journeys', { headers: adminHeaders, data: { name: `提醒演示 ${stamp}`, graph: g, settings: {} } });
  const { id } = await created.json();

  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);
  await expect(page.locator('.react-flow__node[data-id="n4"]')).toContainText('满 100 减 20 券');
  await page.getByRole('button', { name: /检\s*查/ }).click();
  const problems = page.getByRole('region', { name: '问题' });
  await expect(problems.getByRole('button', { name: /提醒.*「短信」渠道还没有接通/ })).toBeVisible();
  await expect(problems.getByRole('button', { name: new RegExp(`提醒.*还没有收到过「order.never_${stamp}」事件`) })).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="n2"] .jn-card')).toHaveClass(/jn-warned/);
  // Only warnings: the list says the journey can be published.
  await expect(problems.locator('.problems-title')).toHaveText(/^\d+ 条提醒（可以发布）$/);
  await page.screenshot({ path: testInfo.outputPath('new-warnings.png') });

  // A change checks again: a channel that is not connected either still warns, and the wait's event now exists.
  await page.locator('.react-flow__node[data-id="n3"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await inspector.getByLabel('事件', { exact: true }).fill('order.paid');
  await expect(problems.getByRole('button', { name: /order\.never_/ })).toHaveCount(0);
  await expect(problems.getByRole('button', { name: /「短信」渠道还没有接通/ })).toBeVisible();

  // Deleting a node drops its problems at once.
  await page.locator('.react-flow__node[data-id="n2"]').click();
  await page.keyboard.press('Delete');
  await expect(problems.getByRole('button', { name: /「短信」渠道还没有接通/ })).toHaveCount(0);
  await expect(problems.getByRole('button', { name: /「企业微信私聊」渠道还没有接通/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('problems-follow.png') });
});
