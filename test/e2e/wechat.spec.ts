import { expect, test } from '@playwright/test';
import { WechatDouble } from '../../plugins/wechat/testing/wechat-double.ts';
import { adminHeaders, E2E } from './e2e-env.ts';
import { OwnServer } from './own-server.ts';

const NOTICE = 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc';

test.describe('with the Official Account connected (its own server, against the WeChat double)', () => {
  let double: WechatDouble;
  let server: OwnServer;
  let base: string;

  test.beforeAll(async () => {
    double = await new WechatDouble('wx5c8e3a1d2f4b6a70', 'oa-e2e-app-secret').start();
    double.addTemplate({ template_id: 'TPL_ORDER_SHIPPED', title: '订单发货提醒', content: '订单号{{character_string1.DATA}}\n发货时间{{time2.DATA}}' });
    double.bizsendTemplates.set(NOTICE, { priTmplId: NOTICE, title: '到货通知', content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}\n配送状态:{{phrase3.DATA}}', example: '', type: 2 });
    server = await OwnServer.start('wechat', {
      WECHAT_OA_APP_ID: double.appId,
      WECHAT_OA_APP_SECRET: double.appSecret,
      WECHAT_OA_TOKEN: 'oaE2eToken2026',
      WECHAT_OA_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      WECHAT_API_ENDPOINT: double.url,
    });
    base = server.base;
  });

  test.afterAll(async () => {
    await server?.stop();
    await double?.stop();
  });

  test('an admin sees the Official Account connected: AppID, safe mode and the server URL, never a secret', async ({ page }, testInfo) => {
    await server.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: '集成' }).click();
    const account = page.locator('.ant-card').filter({ has: page.getByText(/^微信公众号/) }).first();
    await expect(account).toContainText('已连接');
    await expect(account).toContainText(double.appId);
    await expect(account).toContainText('安全模式');
    await expect(account).toContainText('/api/integrations/wechat/callback');
    await expect(account).not.toContainText('oa-e2e-app-secret');
    await expect(account).not.toContainText('oaE2eToken2026');
    await expect(account).not.toContainText('abcdefghijklmnop');
    await account.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('integrations-wechat.png'), fullPage: true });
  });

  test("the customer-service message node's form: the text, what to do outside the window, and the fallback template's fields", async ({ page }, testInfo) => {
    const graph = {
      nodes: [
        { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { event: 'official_account.followed' } },
        { id: 'cs', type: 'wechat/oa_message', position: { x: 0, y: 200 }, config: { text: '欢迎关注' } },
      ],
      edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'cs' }],
    };
    const created = await page.request.post(`${base}/api/journeys`, { headers: { Authorization: `Bearer ${E2E.adminApiKey}` }, data: { name: '公众号欢迎', graph, settings: {} } });
    const { id } = (await created.json()) as { id: string };
    await server.signIn(page, `#/journeys/${encodeURIComponent(id)}`);

    const card = page.locator('.react-flow__node[data-id="cs"]');
    await expect(card).toContainText('公众号客服消息');
    await expect(card.locator('.jn-summary')).toHaveText('客服消息 · 窗口外等待 2 天');
    await expect(card.locator('.jn-port')).toHaveText(['已发送', '超时']);

    await card.click();
    const inspector = page.getByRole('complementary', { name: '节点设置' });
    await expect(inspector.getByLabel('消息内容', { exact: true })).toHaveValue('欢迎关注');
    await expect(inspector.getByText('最多等待')).toBeVisible();
    await expect(inspector.getByText('模板 ID')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('oa-message-wait.png') });

    await inspector.getByText('等粉丝再次互动后发送').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '改发模板消息' }).click();
    await expect(inspector.getByText('最多等待')).toHaveCount(0);
    await expect(inspector.getByText('模板 ID', { exact: true })).toBeVisible();
    await expect(inspector.getByText('模板变量', { exact: true })).toBeVisible();
    await expect(card.locator('.jn-summary')).toHaveText('客服消息 · 窗口外改发模板');
    // The template is required in this mode: the form says so while it is empty.
    await expect(inspector.locator('.ant-form-item-explain-error')).toHaveText(['请填写窗口外改发的模板 ID']);
    await page.screenshot({ path: testInfo.outputPath('oa-message-template.png') });
    // The variables' help names the jump variables.
    await inspector.locator('.ant-form-item').filter({ hasText: '模板变量' }).locator('.anticon-question-circle').hover();
    await expect(page.getByRole('tooltip')).toContainText('_miniprogram_appid');
    await inspector.getByLabel('模板 ID', { exact: true }).fill('TPL_NEW_ARRIVAL');
    await expect(inspector.locator('.ant-form-item-explain-error')).toHaveCount(0);
  });

  test('the subscribe message node on the Official Account: the template picker groups the two kinds, the fields count against their limits', async ({ page }, testInfo) => {
    const graph = {
      nodes: [
        { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { event: 'official_account.followed' } },
        { id: 'notice', type: 'wechat/subscribe_message', position: { x: 0, y: 200 }, config: { template: '', variables: '' } },
      ],
      edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'notice' }],
    };
    const created = await page.request.post(`${base}/api/journeys`, { headers: adminHeaders, data: { name: '到货订阅通知', graph, settings: {} } });
    const { id } = (await created.json()) as { id: string };
    await server.signIn(page, `#/journeys/${encodeURIComponent(id)}`);
    const card = page.locator('.react-flow__node[data-id="notice"]');
    await card.click();
    const inspector = page.getByRole('complementary', { name: '节点设置' });
    await inspector.getByText('小程序订阅消息', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '公众号订阅通知' }).click();
    await expect(card.locator('.jn-summary')).toContainText('公众号订阅通知');

    // The Official Account's templates, under their kind: a template message cannot wait for a subscription.
    await inspector.getByLabel('订阅消息模板', { exact: true }).click();
    await expect(page.locator('.ant-select-item-group')).toHaveText(['模板消息', '订阅通知（每次订阅发一条）']);
    await expect(page.getByTestId('channel-template-option')).toHaveText(['订单发货提醒 TPL_ORDER_SHIPPED', `到货通知 subscribe:${NOTICE}`]);
    await page.getByTestId('channel-template-option').filter({ hasText: '订单发货提醒' }).click();
    await expect(inspector.locator('.ant-form-item-explain-error')).toContainText(['公众号请选择「订阅通知」模板（模板消息不需要订阅）']);

    await inspector.getByLabel('订阅消息模板', { exact: true }).click();
    await page.keyboard.type('dhtz');
    await expect(page.getByTestId('channel-template-option')).toHaveText([`到货通知 subscribe:${NOTICE}`]);
    await page.keyboard.press('Enter');
    await expect(inspector.locator('.ant-form-item-explain-error')).toHaveCount(0);
    await expect(inspector.getByTestId('channel-template-kind')).toHaveText('订阅通知（每次订阅发一条）');
    const fields = inspector.getByTestId('template-fields');
    const item = fields.locator('.ant-form-item').filter({ hasText: '商品名称' });
    await fields.getByLabel('商品名称', { exact: true }).fill('西湖龙井明前特级茶叶礼盒装二百五十克送礼品');
    await expect(item).toContainText('21 / 20');
    await fields.getByLabel('商品名称', { exact: true }).fill('西湖龙井');
    await expect(item).toContainText('4 / 20');
    await fields.getByLabel('配送状态', { exact: true }).fill('配送中');
    await expect(fields.locator('.ant-form-item').filter({ hasText: '配送状态' })).toContainText('3 / 5');
    await fields.getByLabel('跳转链接 / Link', { exact: true }).fill('https://shop.example/tea');
    await page.screenshot({ path: testInfo.outputPath('subscribe-message-official-account.png') });

    await expect
      .poll(async () => {
        const saved = await page.request.get(`${base}/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders });
        return ((await saved.json()) as { graph: { nodes: { id: string; config: unknown }[] } }).graph.nodes.find((n) => n.id === 'notice')?.config;
      })
      .toMatchObject({ app: 'official_account', template: `subscribe:${NOTICE}`, variables: expect.stringMatching(/^thing1=西湖龙井$/m) });
    const saved = await page.request.get(`${base}/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders });
    const config = ((await saved.json()) as { graph: { nodes: { id: string; config: { variables: string } }[] } }).graph.nodes.find((n) => n.id === 'notice')!.config;
    expect(config.variables.split('\n')).toEqual(expect.arrayContaining(['thing1=西湖龙井', 'time2=', 'phrase3=配送中', '_url=https://shop.example/tea']));
  });
});
