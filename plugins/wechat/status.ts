import { notConfiguredStatus, problemsText, type PluginServices, type PluginStatus } from '@journey/sdk';
import { readOfficialAccountConfig } from './config.ts';
import { windowIsOpen, type WindowRecord } from './service-window.ts';
import { OFFICIAL_ACCOUNT_SUBSCRIPTIONS, subscribedPairs } from './subscriptions.ts';

const at = async (services: PluginServices, key: string, field = 'at') => {
  const value = (await services.records.get('status', key))?.value[field];
  return typeof value === 'number' ? value : null;
};

/**
 * What the integrations page shows of the Official Account: whether it is configured (and what is wrong
 * when not), the AppID, the callback mode and URL path, when the access token was obtained (or why not),
 * when WeChat verified the server URL and sent its last callback, the template messages awaiting their
 * report, how many followers' windows are open, the subscription report path and how many followers have
 * subscription notifications left. Never the AppSecret, the token or the AES key.
 */
export async function officialAccountStatus(services: PluginServices): Promise<PluginStatus> {
  const config = readOfficialAccountConfig(services.env);
  if (config === undefined || 'problems' in config) {
    return notConfiguredStatus(config === undefined ? 'WECHAT_OA_* not set' : problemsText(config.problems));
  }
  const token = (await services.records.get('status', `token:${config.appId}`))?.value;
  const [verified, last, windows, reports, subscribed] = await Promise.all([
    at(services, 'callback_verified'),
    at(services, 'last_callback'),
    services.records.list<WindowRecord>('window'),
    services.records.list('template_sent'),
    subscribedPairs(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS),
  ]);
  return {
    active: true,
    items: [
      { key: 'appId', label: { 'zh-CN': '公众号 AppID', en: 'AppID' }, value: config.appId },
      {
        key: 'callbackMode',
        label: { 'zh-CN': '消息加解密方式', en: 'Message encryption' },
        value: config.encodingAesKey === undefined ? '明文模式 / Plaintext' : '安全模式 / Safe mode',
      },
      { key: 'callbackPath', label: { 'zh-CN': '服务器地址（URL）', en: 'Server URL' }, value: '/api/integrations/wechat/callback' },
      { key: 'tokenObtainedAt', label: { 'zh-CN': '最近获取 access_token', en: 'Access token obtained' }, value: typeof token?.obtainedAt === 'number' ? token.obtainedAt : null, kind: 'time' },
      ...(typeof token?.error === 'string' ? [{ key: 'tokenError', label: { 'zh-CN': '获取 access_token 失败', en: 'Access token error' }, value: token.error }] : []),
      { key: 'callbackVerifiedAt', label: { 'zh-CN': '服务器地址验证', en: 'Server URL verified' }, value: verified, kind: 'time' },
      { key: 'lastCallbackAt', label: { 'zh-CN': '最近一次回调', en: 'Last callback' }, value: last, kind: 'time' },
      { key: 'awaitingReports', label: { 'zh-CN': '等待发送结果的模板消息', en: 'Template messages awaiting their report' }, value: reports.length },
      { key: 'openWindows', label: { 'zh-CN': '客服消息窗口内的粉丝', en: 'Followers inside the customer-service window' }, value: windows.filter((w) => windowIsOpen(w.value, services.now())).length },
      { key: 'reportPath', label: { 'zh-CN': '订阅通知上报接口', en: 'Subscription report URL' }, value: 'POST /api/integrations/wechat/official-account/subscriptions' },
      { key: 'subscribers', label: { 'zh-CN': '有剩余订阅通知的粉丝与模板', en: 'Subscription notifications left (follower and template)' }, value: subscribed },
    ],
  };
}
