import { notConfiguredStatus, problemsText, type PluginServices, type PluginStatus } from '@journey/sdk';
import { readWecomConfig } from './config.ts';

const at = async (services: PluginServices, key: string, field = 'at') => {
  const value = (await services.records.get('status', key))?.value[field];
  return typeof value === 'number' ? value : null;
};

/**
 * What the integrations page shows of WeCom: whether it is configured (and what is wrong when not), the
 * corp, when the access token was obtained, when WeCom verified the callback URL and sent its last
 * callback, and the work in flight. Never the secret, the token or the AES key.
 */
export async function wecomStatus(services: PluginServices): Promise<PluginStatus> {
  const config = readWecomConfig(services.env);
  if (config === undefined || 'problems' in config) {
    return notConfiguredStatus(config === undefined ? 'WECOM_* not set' : problemsText(config.problems));
  }
  const token = (await services.records.get('status', `token:${config.corpId}`))?.value;
  const [verified, last, waiting, tasks, ways] = await Promise.all([
    at(services, 'callback_verified'),
    at(services, 'last_callback'),
    services.records.list('inbox'),
    services.records.list('task'),
    services.records.list('contact_way'),
  ]);
  return {
    active: true,
    items: [
      { key: 'corpId', label: { 'zh-CN': '企业 ID', en: 'Corp ID' }, value: config.corpId },
      { key: 'agentId', label: { 'zh-CN': '应用 AgentId', en: 'Agent ID' }, value: String(config.agentId) },
      { key: 'tokenObtainedAt', label: { 'zh-CN': '最近获取 access_token', en: 'Access token obtained' }, value: typeof token?.obtainedAt === 'number' ? token.obtainedAt : null, kind: 'time' },
      ...(typeof token?.error === 'string' ? [{ key: 'tokenError', label: { 'zh-CN': '获取 access_token 失败', en: 'Access token error' }, value: token.error }] : []),
      { key: 'callbackVerifiedAt', label: { 'zh-CN': '回调 URL 验证', en: 'Callback URL verified' }, value: verified, kind: 'time' },
      { key: 'lastCallbackAt', label: { 'zh-CN': '最近一次回调', en: 'Last callback' }, value: last, kind: 'time' },
      { key: 'callbacksWaiting', label: { 'zh-CN': '待处理回调', en: 'Callbacks waiting' }, value: waiting.length },
      { key: 'tasksAwaitingConfirmation', label: { 'zh-CN': '待成员确认的群发', en: 'Mass-send tasks awaiting confirmation' }, value: tasks.length },
      { key: 'contactWays', label: { 'zh-CN': '渠道活码', en: 'Contact ways' }, value: ways.length },
    ],
  };
}
