import { openSealed } from '@journey/plugin-wechat/callback-crypto';
import type { WecomConfig } from './config.ts';

export { CallbackRefused, parseXmlFields, type CallbackFields } from '@journey/plugin-wechat/callback-crypto';

/**
 * Checks WeCom's signature of a callback and decrypts it (WeChat's WXBizMsgCrypt scheme, see
 * `openSealed`): the message, once its receiver is this corp. Throws `CallbackRefused` otherwise.
 *
 * @example
 * ```ts
 * const echo = openCallback(config, { signature, timestamp, nonce, encrypted: echostr }); // URL verification
 * ```
 */
export function openCallback(config: WecomConfig, input: { signature: string; timestamp: string; nonce: string; encrypted: string }): string {
  return openSealed(
    { token: config.token, encodingAesKey: config.encodingAesKey, receiverId: config.corpId, names: { encodingAesKey: 'WECOM_ENCODING_AES_KEY', receiverId: 'WECOM_CORP_ID' } },
    input,
  );
}
