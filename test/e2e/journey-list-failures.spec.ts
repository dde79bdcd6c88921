import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';
import { chooseMenuItem } from './menu.ts';

test('the journey list shows failed runs with a link to them, deletes a draft and archives a paused journey, each after a confirm', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const entryEvent = `failing_${stamp}.joined`;
  // An SMS over the carrier's 500 characters fails its step every time: after three attempts the run is failed.
  const graph = {
    nodes: [
      { id: 'in', type: 'entry', label: '扫码进群', position: { x: 0, y: 0 }, config: { event: entryEvent, sources: [] } },
      { id: 'sms', type: 'content_push', label: '超长短信', position: { x: 0, y: 200 }, config: { channel: 'sms', template: '优惠'.repeat(300) } },
    ],
    edges: [{ id: 'e1', source: 'in', sourceHandle: 'out', target: 'sms' }],
  };
  const failing = await (await request.post('/api/journeys', { headers: adminHeaders, data: { name: `失败示例 ${stamp}`, graph, settings: {} } })).json();
  expect((await request.post(`/api/journeys/${failing.id}/publish`, { headers: adminHeaders, data: {} })).ok()).toBe(true);
  expect((await request.post('/api/contacts', { headers: adminHeaders, data: { id: `fail-${stamp}`, name: '赵六' } })).ok()).toBe(true);
  expect((await request.post('/api/events', { headers: adminHeaders, data: { contactId: `fail-${stamp}`, type: entryEvent } })).status()).toBe(202);
  await expect
    .poll(async () => (await (await request.get(`/api/journeys/${failing.id}/stats`, { headers: adminHeaders })).json()).runs.failed, { timeout: 30_000 })
    .toBe(1);
  const draft = await (await request.post('/api/journeys', { headers: adminHeaders, data: { name: `待删草稿 ${stamp}` } })).json();

  await signIn(page);
  const failingRow = page.getByRole('row', { name: new RegExp(`失败示例 ${stamp}`) });
  await expect(failingRow.getByTestId('failed-runs')).toHaveText('1');
  await page.screenshot({ path: testInfo.outputPath('journey-list-failed.png') });
  await failingRow.getByTestId('failed-runs').click();
  const panel = page.getByRole('complementary', { name: '失败的联系人' });
  await expect(panel.getByTestId('run-item')).toHaveCount(1);
  await expect(panel.getByTestId('run-item')).toContainText('赵六');
  await expect(panel.getByTestId('run-node')).toHaveText('在「超长短信」');
  await expect(panel.getByRole('button', { name: /重\s*试/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('monitor-failed-runs.png') });

  await page.goto('/#/journeys');
  const draftRow = page.getByRole('row', { name: new RegExp(`待删草稿 ${stamp}`) });
  await chooseMenuItem(page, draftRow.getByRole('button', { name: '更多操作' }), '删除');
  const confirmDelete = page.getByRole('dialog').filter({ hasText: `确定删除「待删草稿 ${stamp}」吗？` });
  await expect(confirmDelete).toBeVisible();
  await confirmDelete.getByRole('button', { name: /删\s*除/ }).click();
  await expect(draftRow).toHaveCount(0);
  expect((await request.get(`/api/journeys/${draft.id}`, { headers: adminHeaders })).status()).toBe(404);

  // A live journey is not offered for archiving; once paused it is.
  await failingRow.getByRole('button', { name: '更多操作' }).click();
  await expect(page.getByRole('menuitem', { name: '归档' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  expect((await request.post(`/api/journeys/${failing.id}/pause`, { headers: adminHeaders })).ok()).toBe(true);
  await page.reload();
  await chooseMenuItem(page, failingRow.getByRole('button', { name: '更多操作' }), '归档');
  const confirmArchive = page.getByRole('dialog').filter({ hasText: `归档「失败示例 ${stamp}」？` });
  await expect(confirmArchive).toContainText('已有的数据和统计会保留');
  await page.screenshot({ path: testInfo.outputPath('journey-archive-confirm.png') });
  await confirmArchive.getByRole('button', { name: /归\s*档/ }).click();
  await expect(page.getByText('已归档')).toBeVisible();
  await expect(failingRow).toHaveCount(0);
  expect((await (await request.get(`/api/journeys/${failing.id}`, { headers: adminHeaders })).json()).status).toBe('archived');
});
