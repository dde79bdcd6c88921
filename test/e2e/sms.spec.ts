import { expect, test } from '@playwright/test';
import { AliyunSmsDouble } from '../../plugins/sms/testing/aliyun-double.ts';
import { adminHeaders } from './e2e-env.ts';
import { OwnServer } from './own-server.ts';

test.describe('with SMS connected through Aliyun (its own server, against the Aliyun double)', () => {
  let double: AliyunSmsDouble;
  let server: OwnServer;
  let base: string;

  test.beforeAll(async () => {
    double = await new AliyunSmsDouble('LTAI5tE2eKeyId', 'aliyun-e2e-secret', '鲸选商城').start();
    double.templates.set('SMS_468001', { name: '会员日提醒', content: '${name}，会员日全场${discount}折，回T退订', status: 'AUDIT_STATE_PASS' });
    double.templates.set('SMS_468002', { name: '会员日预告', content: '${name}，会员日就要来了', status: 'AUDIT_STATE_INIT' });
    server = await OwnServer.start('sms', {
        ALIYUN_SMS_ACCESS_KEY_ID: double.accessKeyId,
        ALIYUN_SMS_ACCESS_KEY_SECRET: double.accessKeySecret,
        ALIYUN_SMS_SIGN_NAME: double.signName,
        ALIYUN_SMS_ENDPOINT: double.url,
        SMS_CALLBACK_TOKEN: 'sms-e2e-callback-token-0123',
    });
    base = server.base;
  });

  test.afterAll(async () => {
    await server?.stop();
    await double?.stop();
  });

  test('an admin sees the carrier, sign name and receipts switched on, never a key or the callback token', async ({ page }, testInfo) => {
    await server.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: '集成' }).click();
    const sms = page.locator('.ant-card').filter({ has: page.getByText('短信', { exact: true }) }).first();
    await expect(sms).toContainText('已连接');
    await expect(sms).toContainText('阿里云短信');
    await expect(sms).toContainText('鲸选商城');
    await expect(sms.getByText('接收回执和回复')).toBeVisible();
    await expect(sms).toContainText('/api/integrations/sms/aliyun/report?token=<SMS_CALLBACK_TOKEN>');
    await expect(sms).not.toContainText('aliyun-e2e-secret');
    await expect(sms).not.toContainText('sms-e2e-callback-token');
    await sms.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('integrations-sms.png'), fullPage: true });
  });

  test('a content push on SMS picks an approved template by name (pinyin too) and fills its variables one by one', async ({ page }, testInfo) => {
    const graph = {
      nodes: [
        { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['douyin_live'] } },
        { id: 'push', type: 'content_push', position: { x: 0, y: 200 }, config: { channel: 'sms', title: '', template: '' } },
      ],
      edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'push' }],
    };
    const created = await page.request.post(`${base}/api/journeys`, { headers: adminHeaders, data: { name: '会员日短信', graph, settings: {} } });
    const { id } = (await created.json()) as { id: string };
    await server.signIn(page);
    await page.goto(`${base}/#/journeys/${encodeURIComponent(id)}`);
    await page.locator('.react-flow__node[data-id="push"]').click();
    const inspector = page.getByRole('complementary', { name: '节点设置' });

    // The title is a choice of the approved templates only, found by pinyin initials.
    await inspector.getByLabel('标题', { exact: true }).click();
    await expect(page.getByTestId('channel-template-option')).toHaveText(['登录验证码 SMS_154950909', '会员日提醒 SMS_468001']);
    await page.keyboard.type('hyr');
    await expect(page.getByTestId('channel-template-option')).toHaveText(['会员日提醒 SMS_468001']);
    await page.keyboard.press('Enter');
    await expect(inspector.getByTestId('channel-template-content')).toHaveText('${name}，会员日全场${discount}折，回T退订');

    // One input per variable, written back as key=value lines; the raw text stays editable.
    const fields = inspector.getByTestId('template-fields');
    await fields.getByLabel('name', { exact: true }).fill('{{contact.name | 朋友}}');
    await fields.getByLabel('discount', { exact: true }).fill('8');
    const body = inspector.getByLabel('内容模板', { exact: true });
    await expect(body).toHaveValue('name={{contact.name | 朋友}}\ndiscount=8');
    await page.screenshot({ path: testInfo.outputPath('sms-template-picked.png') });
    await body.fill('name={{contact.name | 朋友}}\ndiscount=7.5');
    await expect(fields.getByLabel('discount', { exact: true })).toHaveValue('7.5');

    await expect
      .poll(async () => {
        const saved = await page.request.get(`${base}/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders });
        return ((await saved.json()) as { graph: { nodes: { id: string; config: unknown }[] } }).graph.nodes.find((n) => n.id === 'push')?.config;
      })
      .toMatchObject({ channel: 'sms', title: 'SMS_468001', template: 'name={{contact.name | 朋友}}\ndiscount=7.5' });
  });
});
