import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { chainGraph } from '../../runtime/src/queue/journey-fixtures.ts';
import { TencentSmsDouble } from '../../plugins/sms/testing/tencent-double.ts';
import { OwnServer } from './own-server.ts';

const ADMIN_KEY = 'e2e-settings-admin-key-0123';

test.describe('configuring SMS from the integrations page (its own server, against the Tencent Cloud double)', () => {
  let double: TencentSmsDouble;
  let server: OwnServer;
  let base: string;

  test.beforeAll(async () => {
    double = await new TencentSmsDouble('AKIDe2eFromThePage', 'tencent-e2e-secret-key', '1400787878', '鲸选商城').start();
    // Only the endpoint (the operator's: here the double) and the secrets key are the server's; the rest is typed on the page.
    server = await OwnServer.start('settings', {
        ADMIN_API_KEY: ADMIN_KEY,
        TENCENT_SMS_ENDPOINT: double.url,
        JOURNEY_SECRETS_KEY: randomBytes(32).toString('base64'),
    });
    base = server.base;
  });

  test.afterAll(async () => {
    await server?.stop();
    await double?.stop();
  });

  test('an admin fills in Tencent Cloud SMS, is told a wrong SdkAppId, saves and sees SMS connected and sending, the key shown only as set', async ({ page, request }, testInfo) => {
    await server.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: '集成' }).click();
    const sms = page.locator('.ant-card').filter({ has: page.getByText('短信', { exact: true }) }).first();
    await expect(sms.locator('.ant-card-extra')).toHaveText('未连接');
    await expect(sms).toContainText('腾讯云短信');

    const field = (name: string) => sms.locator(`#sms-settings_${name}`);
    await field('TENCENT_SMS_SECRET_ID').fill(double.secretId);
    await field('TENCENT_SMS_SECRET_KEY').fill(double.secretKey);
    await field('TENCENT_SMS_SDK_APP_ID').fill('SMS 应用');
    await field('TENCENT_SMS_SIGN_NAME').fill(double.signName);
    await sms.getByRole('button', { name: '保存配置' }).click();
    await expect(sms.getByText(/TENCENT_SMS_SDK_APP_ID is a number/)).toBeVisible();
    await expect(sms.locator('.ant-card-extra')).toHaveText('未连接');

    await field('TENCENT_SMS_SDK_APP_ID').fill(double.sdkAppId);
    await sms.getByRole('button', { name: '保存配置' }).click();
    await expect(page.getByText('配置已保存')).toBeVisible();
    await expect(sms.locator('.ant-card-extra')).toHaveText('已连接');
    await expect(sms).toContainText('腾讯云短信 / Tencent Cloud SMS');
    await expect(sms).toContainText(double.sdkAppId);
    const secretItem = sms.locator('.ant-form-item').filter({ hasText: 'SecretKey' });
    await expect(secretItem.getByText('已设置')).toBeVisible();
    await expect(secretItem.getByRole('button', { name: /更\s*换/ })).toBeVisible();
    await expect(secretItem.getByRole('button', { name: /清\s*除/ })).toBeVisible();
    await expect(page.locator('body')).not.toContainText(double.secretKey);
    expect(await page.content()).not.toContain(double.secretKey);
    await secretItem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('integration-settings-sms.png'), fullPage: true });

    // Connected for real: a journey's SMS goes out through the double, without a restart.
    const headers = { Authorization: `Bearer ${ADMIN_KEY}` };
    const graph = chainGraph([
      ['entry', 'entry'],
      ['push', 'content_push', { channel: 'sms', title: '1234567', template: '["{{contact.attributes.coupon}}"]' }],
    ]);
    const journey = await (await request.post(`${base}/api/journeys`, { headers, data: { name: '页面配置短信', graph } })).json();
    expect((await request.post(`${base}/api/journeys/${journey.id}/publish`, { headers, data: { revision: journey.revision } })).status()).toBe(200);
    const event = { contactId: 'zhou', type: 'contact.acquired', properties: { source: 'douyin_live' }, traits: { phone: '13900002222', coupon: 'JX2026' } };
    expect((await request.post(`${base}/api/events`, { headers, data: event })).status()).toBe(202);
    await expect.poll(() => double.sent.length, { timeout: 20_000 }).toBe(1);
    expect(double.sent[0]).toMatchObject({ phoneNumber: '+8613900002222', templateId: '1234567', templateParamSet: ['JX2026'] });
  });
});
