import { expect, test } from '@playwright/test';
import { WecomDouble } from '../../plugins/wecom/testing/wecom-double.ts';
import { sealEcho } from '../../plugins/wecom/testing/wecom-callbacks.ts';
import { OwnServer } from './own-server.ts';
import { signIn } from './sign-in.ts';

const KEYS = { corpId: 'ww1436e0e65a779aee', token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt' };

test('without its variables, WeCom shows as not connected with what to do', async ({ page }, testInfo) => {
  await signIn(page);
  await page.getByRole('navigation').getByRole('link', { name: '集成' }).click();
  const wecom = page.locator('.ant-card').filter({ has: page.getByText('企业微信', { exact: true }) }).first();
  await expect(wecom).toContainText('未连接');
  await expect(wecom).toContainText('在下方填写配置，或在服务器上设置它的环境变量');
  await expect(wecom).toContainText('连接设置');
  await page.screenshot({ path: testInfo.outputPath('integrations-unconfigured.png'), fullPage: true });
});

test.describe('with WeCom connected (its own server, against the WeCom double)', () => {
  let double: WecomDouble;
  let server: OwnServer;
  let base: string;

  test.beforeAll(async () => {
    double = await new WecomDouble(KEYS.corpId, 'contact-secret').start();
    server = await OwnServer.start('wecom', {
        WECOM_CORP_ID: KEYS.corpId,
        WECOM_SECRET: 'contact-secret',
        WECOM_AGENT_ID: '1000002',
        WECOM_TOKEN: KEYS.token,
        WECOM_ENCODING_AES_KEY: KEYS.encodingAesKey,
        WECOM_API_BASE: double.url,
    });
    base = server.base;
  });

  test.afterAll(async () => {
    await server?.stop();
    await double?.stop();
  });

  test('an admin sees the connection status, never a secret, and creates a source’s contact way with its QR code', async ({ page, request }, testInfo) => {
    // WeCom verifies the callback URL once the admin saves it in WeCom's console.
    const verified = await request.get(`${base}/api/integrations/wecom/callback?${sealEcho(KEYS, 'echo-1')}`);
    expect(await verified.text()).toBe('echo-1');

    await server.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: '集成' }).click();
    const wecom = page.locator('.ant-card').filter({ has: page.getByText('企业微信', { exact: true }) }).first();
    await expect(wecom).toContainText('已连接');
    await expect(wecom).toContainText(KEYS.corpId);
    await expect(wecom.getByText('回调 URL 验证')).toBeVisible();
    await expect(wecom).not.toContainText('contact-secret');
    await expect(wecom).not.toContainText(KEYS.encodingAesKey);

    // The source is found by pinyin initials and picked by name; the new contact way shows with its QR code.
    await wecom.getByLabel('来源').fill('dyzb');
    await page.locator('.ant-select-dropdown:visible').getByTitle('抖音直播').click();
    await wecom.getByLabel('成员').fill('zhangsan, lisi');
    await wecom.getByRole('button', { name: '创建渠道活码' }).click();
    await expect(page.getByText('渠道活码已创建')).toBeVisible();
    const row = wecom.getByRole('row').filter({ hasText: '抖音直播' });
    await expect(row).toContainText('zhangsan, lisi');
    const qr = row.getByRole('img', { name: '二维码 抖音直播' });
    await expect(qr).toBeVisible();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(double.callsTo('/cgi-bin/externalcontact/add_contact_way')).toMatchObject([{ body: { state: 'douyin_live', user: ['zhangsan', 'lisi'], type: 2 } }]);

    // A brand's own source is typed as a new id.
    await wecom.getByLabel('来源').fill('store_sh_01');
    await page.locator('.ant-select-dropdown:visible').getByText('使用新来源「store_sh_01」').click();
    await wecom.getByLabel('成员').fill('lisi');
    await wecom.getByRole('button', { name: '创建渠道活码' }).click();
    await expect(wecom.getByRole('row').filter({ hasText: 'store_sh_01' })).toContainText('lisi');
    await expect(wecom.getByRole('row').filter({ hasText: '渠道活码' })).toContainText('2');
    await page.screenshot({ path: testInfo.outputPath('integrations-wecom.png'), fullPage: true });
  });
});
