import { problemsText, type PluginServices, type PluginStatusItem } from '@journey/sdk';
import { readMiniProgramConfig } from './mini-program-config.ts';
import { MINI_PROGRAM_SUBSCRIPTIONS, subscribedPairs } from './subscriptions.ts';

const at = async (services: PluginServices, key: string, field = 'at') => {
  const value = (await services.records.get('status', key))?.value[field];
  return typeof value === 'number' ? value : null;
};

/**
 * What the integrations page shows of the mini-program: whether it is configured (or what is wrong), its
 * AppID, the message push mode and URL path, the subscription report path, when its access token was
 * obtained, the last push, and how many contacts have subscriptions left. Never the AppSecret, token or key.
 */
export async function miniProgramStatusItems(services: PluginServices): Promise<{ configured: boolean; items: PluginStatusItem[] }> {
  const config = readMiniProgramConfig(services.env);
  const label = { 'zh-CN': '小程序', en: 'Mini-program' };
  if (config === undefined || 'problems' in config) {
    return { configured: false, items: [{ key: 'miniProgram', label, value: config === undefined ? '未配置 / WECHAT_MINI_* not set' : problemsText(config.problems) }] };
  }
  const token = (await services.records.get('status', `token:${config.appId}`))?.value;
  const [verified, last, ledger] = await Promise.all([at(services, 'mini_callback_verified'), at(services, 'mini_last_callback'), subscribedPairs(services, MINI_PROGRAM_SUBSCRIPTIONS)]);
  return {
    configured: true,
    items: [
      { key: 'miniAppId', label: { 'zh-CN': '小程序 AppID', en: 'Mini-program AppID' }, value: config.appId },
      { key: 'miniPushMode', label: { 'zh-CN': '小程序消息推送加密方式', en: 'Mini-program push encryption' }, value: config.encodingAesKey === undefined ? '明文模式 / Plaintext' : '安全模式 / Safe mode' },
      { key: 'miniPushPath', label: { 'zh-CN': '小程序消息推送 URL', en: 'Mini-program push URL' }, value: '/api/integrations/wechat/mini-program/callback' },
      { key: 'miniReportPath', label: { 'zh-CN': '订阅上报接口', en: 'Subscription report URL' }, value: 'POST /api/integrations/wechat/mini-program/subscriptions' },
      { key: 'miniTokenObtainedAt', label: { 'zh-CN': '小程序最近获取 access_token', en: 'Mini-program access token obtained' }, value: typeof token?.obtainedAt === 'number' ? token.obtainedAt : null, kind: 'time' },
      ...(typeof token?.error === 'string' ? [{ key: 'miniTokenError', label: { 'zh-CN': '小程序获取 access_token 失败', en: 'Mini-program access token error' }, value: token.error }] : []),
      { key: 'miniPushVerifiedAt', label: { 'zh-CN': '消息推送 URL 验证', en: 'Push URL verified' }, value: verified, kind: 'time' },
      { key: 'miniLastPushAt', label: { 'zh-CN': '最近一次消息推送', en: 'Last push' }, value: last, kind: 'time' },
      { key: 'miniSubscribers', label: { 'zh-CN': '有剩余订阅的用户与模板', en: 'Subscriptions left (user and template)' }, value: ledger },
    ],
  };
}
