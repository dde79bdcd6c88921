import { notConfiguredStatus, problemsText, type PluginServices, type PluginStatus } from '@journey/sdk';
import { readSmsConfig } from './config.ts';

/**
 * What the integrations page shows of SMS: the carrier and sign name (or what is wrong with the
 * configuration), whether delivery receipts are on and the callback paths to set in the carrier's console
 * (the token as a placeholder), the last callback and the messages awaiting their
 * receipt. Never a key, a secret or the callback token.
 */
export async function smsStatus(services: PluginServices): Promise<PluginStatus> {
  const config = readSmsConfig(services.env);
  if (config === undefined || 'problems' in config) {
    return notConfiguredStatus(config === undefined ? 'ALIYUN_SMS_* or TENCENT_SMS_* not set' : problemsText(config.problems));
  }
  const [last, awaiting] = await Promise.all([services.records.get('status', 'last_callback'), services.records.list('sent')]);
  const lastAt = last?.value.at;
  return {
    active: true,
    items: [
      { key: 'provider', label: { 'zh-CN': '短信服务商', en: 'Carrier' }, value: config.provider === 'aliyun' ? '阿里云短信 / Aliyun SMS' : '腾讯云短信 / Tencent Cloud SMS' },
      { key: 'signName', label: { 'zh-CN': '短信签名', en: 'Sign name' }, value: config.signName },
      ...(config.provider === 'tencent' ? [{ key: 'sdkAppId', label: { 'zh-CN': '短信应用 SdkAppId', en: 'SMS SdkAppId' }, value: config.sdkAppId }] : []),
      { key: 'receipts', label: { 'zh-CN': '接收回执和回复', en: 'Receipts and replies' }, value: config.callbackToken !== undefined, kind: 'flag' },
      ...(config.callbackToken === undefined
        ? []
        : [
            { key: 'reportPath', label: { 'zh-CN': '发送状态回调地址', en: 'Delivery receipt URL' }, value: `/api/integrations/sms/${config.provider}/report?token=<SMS_CALLBACK_TOKEN>` },
            { key: 'replyPath', label: { 'zh-CN': '上行回复回调地址', en: 'Reply URL' }, value: `/api/integrations/sms/${config.provider}/reply?token=<SMS_CALLBACK_TOKEN>` },
          ]),
      { key: 'lastCallbackAt', label: { 'zh-CN': '最近一次回调', en: 'Last callback' }, value: typeof lastAt === 'number' ? lastAt : null, kind: 'time' },
      { key: 'awaitingReceipts', label: { 'zh-CN': '等待回执的短信', en: 'Messages awaiting a receipt' }, value: awaiting.length },
    ],
  };
}
