import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AliyunSmsDouble } from '../../plugins/sms/testing/aliyun-double.ts';
import { ProductProcess } from '../crash/crash-harness.ts';
import { freePort } from '../support/free-port.ts';
import { E2E } from './e2e-env.ts';

test.describe('with SMS connected through Aliyun (its own server, against the Aliyun double)', () => {
  let double: AliyunSmsDouble;
  let server: ProductProcess;
  let dir: string;
  let base: string;

  test.beforeAll(async () => {
    double = await new AliyunSmsDouble('LTAI5tE2eKeyId', 'aliyun-e2e-secret', '鲸选商城').start();
    dir = mkdtempSync(join(tmpdir(), 'e2e-sms-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = new ProductProcess('runtime/src/main-server.ts', {
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, 'sms.db')}`,
      REDIS_URL: '',
      ADMIN_EMAIL: E2E.adminEmail,
      ADMIN_PASSWORD: E2E.adminPassword,
      ALIYUN_SMS_ACCESS_KEY_ID: double.accessKeyId,
      ALIYUN_SMS_ACCESS_KEY_SECRET: double.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: double.signName,
      ALIYUN_SMS_ENDPOINT: double.url,
      SMS_CALLBACK_TOKEN: 'sms-e2e-callback-token-0123',
    });
    await server.start(/is running on/);
  });

  test.afterAll(async () => {
    await server?.stop();
    await double?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an admin sees the carrier, sign name and receipts switched on, never a key or the callback token', async ({ page }, testInfo) => {
    await page.goto(base);
    await page.getByLabel('邮箱').fill(E2E.adminEmail);
    await page.getByLabel('密码').fill(E2E.adminPassword);
    await page.getByRole('button', { name: /登\s*录/ }).click();
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
});
