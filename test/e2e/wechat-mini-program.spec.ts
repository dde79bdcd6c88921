import { expect, test } from '@playwright/test';
import { WechatDouble } from '../../plugins/wechat/testing/wechat-double.ts';
import { adminHeaders } from './e2e-env.ts';
import { OwnServer } from './own-server.ts';

const TEMPLATE = 'bDmywsp2oEHjwAadTGKkUHpzeG1Z1fg4mGBcaWk0BdU';

test.describe('with the mini-program connected (its own server, against the WeChat double)', () => {
  let double: WechatDouble;
  let server: OwnServer;
  let base: string;

  test.beforeAll(async () => {
    double = await new WechatDouble('wx5c8e3a1d2f4b6a70', 'oa-e2e-app-secret').start();
    double.addMiniProgram('wx7b2c4d6e8f0a1b3c', 'mini-e2e-app-secret');
    double.subscribeTemplates.set(TEMPLATE, { priTmplId: TEMPLATE, title: '到货提醒', content: '商品名称:{{thing1.DATA}}\n到货时间:{{time2.DATA}}\n配送状态:{{phrase3.DATA}}', example: '', type: 2 });
    double.subscribeTemplates.set('tmpl-points-0002', { priTmplId: 'tmpl-points-0002', title: '积分变动提醒', content: '变动积分:{{number1.DATA}}', example: '', type: 2 });
    server = await OwnServer.start('mini', {
        WECHAT_MINI_APP_ID: 'wx7b2c4d6e8f0a1b3c',
        WECHAT_MINI_APP_SECRET: 'mini-e2e-app-secret',
        WECHAT_MINI_TOKEN: 'miniE2eToken2026',
        WECHAT_API_ENDPOINT: double.url,
    });
    base = server.base;
  });

  test.afterAll(async () => {
    await server?.stop();
    await double?.stop();
  });

  test('an admin sees the mini-program connected: AppID, push URL and report URL, never a secret', async ({ page }) => {
    await server.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: '集成' }).click();
    const card = page.locator('.ant-card').filter({ has: page.getByText(/^微信公众号/) }).first();
    await expect(card).toContainText('已连接');
    await expect(card).toContainText('wx7b2c4d6e8f0a1b3c');
    await expect(card).toContainText('/api/integrations/wechat/mini-program/callback');
    await expect(card).toContainText('/api/integrations/wechat/mini-program/subscriptions');
    await expect(card).not.toContainText('mini-e2e-app-secret');
    await expect(card).not.toContainText('miniE2eToken2026');
  });

  test('the subscribe message node picks a template by name and shows each field with WeChat’s length limit', async ({ page }, testInfo) => {
    const graph = {
      nodes: [
        { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: { sources: ['mini_program'] } },
        { id: 'notice', type: 'wechat/subscribe_message', position: { x: 0, y: 200 }, config: { template: '', variables: '' } },
      ],
      edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'notice' }],
    };
    const created = await page.request.post(`${base}/api/journeys`, { headers: adminHeaders, data: { name: '到货通知', graph, settings: {} } });
    const { id } = (await created.json()) as { id: string };
    await server.signIn(page);
    await page.goto(`${base}/#/journeys/${encodeURIComponent(id)}`);
    const card = page.locator('.react-flow__node[data-id="notice"]');
    await expect(card).toContainText('小程序订阅消息');
    await card.click();
    const inspector = page.getByRole('complementary', { name: '节点设置' });

    await inspector.getByLabel('订阅消息模板', { exact: true }).click();
    await expect(page.getByTestId('channel-template-option')).toHaveCount(2);
    await page.keyboard.type('dhtx');
    await expect(page.getByTestId('channel-template-option')).toHaveText([`到货提醒 ${TEMPLATE}`]);
    await page.keyboard.press('Enter');
    await expect(inspector.getByTestId('channel-template-content')).toContainText('商品名称:{{thing1.DATA}}');

    const fields = inspector.getByTestId('template-fields');
    const item = fields.locator('.ant-form-item').filter({ hasText: '商品名称' });
    await expect(item).toContainText('0 / 20');
    await fields.getByLabel('商品名称', { exact: true }).fill('西湖龙井明前特级茶叶礼盒装二百五十克送礼品');
    await expect(item).toContainText('21 / 20');
    await expect(item.locator('.ant-input-out-of-range, .ant-input-affix-wrapper-status-error, .ant-input-status-error').first()).toBeVisible();
    await fields.getByLabel('商品名称', { exact: true }).fill('西湖龙井明前特级');
    await expect(item).toContainText('8 / 20');
    const phrase = fields.locator('.ant-form-item').filter({ hasText: '配送状态' });
    await fields.getByLabel('配送状态', { exact: true }).fill('配送中');
    await expect(phrase).toContainText('3 / 5');
    await expect(fields.getByLabel('跳转页面 / Page', { exact: true })).toBeVisible();
    await fields.getByLabel('跳转页面 / Page', { exact: true }).fill('pages/tea/index');
    await expect(inspector.getByLabel('模板变量', { exact: true })).toHaveValue('thing1=西湖龙井明前特级\ntime2=\nphrase3=配送中\n_page=pages/tea/index');
    await page.screenshot({ path: testInfo.outputPath('subscribe-message-form.png') });

    await expect
      .poll(async () => {
        const saved = await page.request.get(`${base}/api/journeys/${encodeURIComponent(id)}`, { headers: adminHeaders });
        return ((await saved.json()) as { graph: { nodes: { id: string; config: unknown }[] } }).graph.nodes.find((n) => n.id === 'notice')?.config;
      })
      .toMatchObject({ template: TEMPLATE, variables: 'thing1=西湖龙井明前特级\ntime2=\nphrase3=配送中\n_page=pages/tea/index' });
  });
});
