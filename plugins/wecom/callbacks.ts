import { createHash } from 'node:crypto';
import type { PluginEvent, PluginRoute, PluginServices, PluginTask } from '@journey/sdk';
import { checkFresh } from '@journey/plugin-wechat/callback-crypto';
import { CallbackRefused, openCallback, parseXmlFields, type CallbackFields } from './callback-crypto.ts';
import { wecomConfig } from './config.ts';
import { wecomApi } from './wecom-client.ts';

/** How long a `WelcomeCode` can be used after the customer was added (WeCom: 20 s). */
export const WELCOME_CODE_MS = 20_000;
/** How long a callback's fingerprint is kept to drop WeCom's retries of it (and replays, which `checkFresh` drops after an hour). */
const SEEN_MS = 24 * 3_600_000;
/** A stored callback not processed after this long (its process died) is processed by the task. */
const STALE_MS = 3_000;

/** Who follows a customer: the member whose account added them (the sender of their mass-send tasks). */
export interface FollowRecord extends Record<string, unknown> {
  userId: string;
}
/** A customer's unused welcome code and when WeCom handed it out. */
export interface WelcomeRecord extends Record<string, unknown> {
  code: string;
  userId: string;
  at: number;
}
/** A customer group (客户群) known from its callbacks: its owner sends its mass-send tasks. */
export interface GroupRecord extends Record<string, unknown> {
  owner: string;
  name: string;
}
interface InboxRecord extends Record<string, unknown> {
  xml: string;
  receivedAt: number;
}

interface ExternalContactAnswer {
  external_contact: { external_userid: string; name: string; unionid?: string };
  follow_user: { userid: string; state?: string; tags?: { tag_name: string; type: number }[] }[];
}

const text = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

function queryOf(request: Request) {
  const params = new URL(request.url).searchParams;
  return { signature: params.get('msg_signature') ?? '', timestamp: params.get('timestamp') ?? '', nonce: params.get('nonce') ?? '', echostr: params.get('echostr') ?? '' };
}

/**
 * `GET /api/integrations/wecom/callback`: WeCom's URL verification. The `echostr` must carry a valid
 * `msg_signature` and decrypt to this corp: the answer is its plaintext, else 401 and nothing changes.
 */
const verifyUrl: PluginRoute = {
  method: 'GET',
  path: '/callback',
  access: 'public',
  summary: "WeCom's callback URL verification: answers the decrypted echostr when msg_signature matches",
  handle: async (request, { services }) => {
    const { signature, timestamp, nonce, echostr } = queryOf(request);
    try {
      const echo = openCallback(wecomConfig(services.env), { signature, timestamp, nonce, encrypted: echostr });
      await services.records.put('status', 'callback_verified', { at: services.now() });
      return text(echo);
    } catch (err) {
      if (err instanceof CallbackRefused) return text(err.message, 401);
      throw err;
    }
  },
};

/**
 * `POST /api/integrations/wecom/callback`: an encrypted event. Its signature is checked and it is
 * decrypted, stored (a retry of one already stored is dropped) and answered at once, well within WeCom's
 * 5 s; it is processed right after (and by the `callbacks` task if this process dies first). A bad
 * signature, or a timestamp more than an hour away (`checkFresh`), answers 401 and stores nothing.
 */
const receive: PluginRoute = {
  method: 'POST',
  path: '/callback',
  access: 'public',
  summary: 'WeCom encrypted event callbacks (change_external_contact, tags, customer groups), checked by msg_signature',
  handle: async (request, { services }) => {
    const { signature, timestamp, nonce } = queryOf(request);
    let message: string;
    try {
      const envelope = parseXmlFields(await request.text());
      message = openCallback(wecomConfig(services.env), { signature, timestamp, nonce, encrypted: envelope.Encrypt ?? '' });
      checkFresh(timestamp, services.now());
    } catch (err) {
      if (err instanceof CallbackRefused) return text(err.message, 401);
      throw err;
    }
    const key = createHash('sha1').update(message).digest('hex');
    const now = services.now();
    await services.records.put('status', 'last_callback', { at: now });
    if (await services.records.insert('seen', key, { at: now }, { expiresAt: now + SEEN_MS })) {
      await services.records.put('inbox', key, { xml: message, receivedAt: now } satisfies InboxRecord);
      void processStored(services, key).catch((err: unknown) => services.log.warn({ err, key }, 'WeCom callback not processed yet; the callbacks task will retry it'));
    }
    return text('success');
  },
};

export const callbackRoutes: readonly PluginRoute[] = [verifyUrl, receive];

/** Processes callbacks stored but not processed (their process died, or WeCom's API refused for a while). */
export const callbackTask: PluginTask = {
  name: 'callbacks',
  everyMs: 5_000,
  run: async (services) => {
    for (const record of await services.records.list<InboxRecord>('inbox')) {
      if (services.now() - record.value.receivedAt < STALE_MS) continue;
      await processStored(services, record.key).catch((err: unknown) => services.log.warn({ err, key: record.key }, 'WeCom callback not processed'));
    }
  },
};

/** Processes one stored callback, once: a lock keeps two processes off it; the events' ids drop repeats. */
async function processStored(services: PluginServices, key: string): Promise<void> {
  if (!(await services.records.insert('processing', key, {}, { expiresAt: services.now() + 30_000 }))) return;
  try {
    const stored = await services.records.get<InboxRecord>('inbox', key);
    if (!stored) return;
    await processCallback(services, parseXmlFields(stored.value.xml), { key, receivedAt: stored.value.receivedAt });
    await services.records.delete('inbox', key);
  } finally {
    await services.records.delete('processing', key);
  }
}

/**
 * What one decrypted callback means for the product:
 * - `change_external_contact` / `add_external_contact` (and `add_half_external_contact`): the customer
 *   (contact id = `ExternalUserID`, name and union id from `externalcontact/get`) emits `contact.acquired`
 *   with `properties.source` = `State` (the contact way's source); the member (`UserID`) who follows them
 *   and the `WelcomeCode` (usable for 20 s) are kept for messages out.
 * - `del_external_contact` (the member removed the customer) / `del_follow_user` (the customer removed
 *   the member): `contact.lost`.
 * - `edit_external_contact`: `wecom.tags_changed` with the customer's corporate tags as WeCom has them now.
 * - `change_external_tag`: the corp's tag library changed; cached tag ids are dropped.
 * - `change_external_chat`: `wecom.group_changed` on the group (contact id = `ChatId`).
 */
export async function processCallback(services: PluginServices, fields: CallbackFields, origin: { key: string; receivedAt: number }): Promise<void> {
  const timestamp = fields.CreateTime ? Number(fields.CreateTime) * 1000 : origin.receivedAt;
  const event = (contactId: string, type: string, properties: Record<string, unknown>): PluginEvent => ({
    contactId,
    type,
    properties,
    timestamp,
    messageId: `wecom:${origin.key}`,
  });
  const api = wecomApi(services);
  switch (fields.Event) {
    case 'change_external_contact': {
      const external = fields.ExternalUserID;
      const userId = fields.UserID;
      if (!external || !userId) return;
      switch (fields.ChangeType) {
        case 'add_external_contact':
        case 'add_half_external_contact': {
          // Kept first: the welcome code is usable for 20 s only, whatever externalcontact/get answers.
          await services.records.put('follow', external, { userId } satisfies FollowRecord);
          if (fields.WelcomeCode) {
            await services.records.put('welcome', external, { code: fields.WelcomeCode, userId, at: origin.receivedAt } satisfies WelcomeRecord, {
              expiresAt: origin.receivedAt + WELCOME_CODE_MS,
            });
          }
          const found = await api.get<ExternalContactAnswer>('/cgi-bin/externalcontact/get', { external_userid: external });
          const unionid = found.external_contact.unionid;
          await services.upsertContact({
            id: external,
            name: found.external_contact.name,
            attributes: { wecom: { externalUserId: external, followUserId: userId, ...(unionid ? { unionid } : {}) } },
          });
          await services.ingestEvents([
            event(external, 'contact.acquired', {
              ...(fields.State ? { source: fields.State } : {}),
              channel: 'wecom_private',
              wecomUserId: userId,
              ...(unionid ? { unionid } : {}),
              ...(fields.ChangeType === 'add_half_external_contact' ? { halfAdded: true } : {}),
            }),
          ]);
          return;
        }
        case 'del_external_contact':
        case 'del_follow_user':
          await services.ingestEvents([
            event(external, 'contact.lost', { reason: fields.ChangeType === 'del_external_contact' ? 'removed_by_member' : 'removed_by_customer', wecomUserId: userId }),
          ]);
          return;
        case 'edit_external_contact': {
          const found = await api.get<ExternalContactAnswer>('/cgi-bin/externalcontact/get', { external_userid: external });
          const tags = found.follow_user.find((f) => f.userid === userId)?.tags?.filter((t) => t.type === 1).map((t) => t.tag_name) ?? [];
          await services.ingestEvents([event(external, 'wecom.tags_changed', { tags, wecomUserId: userId })]);
          return;
        }
        default:
          return;
      }
    }
    case 'change_external_tag':
      for (const cached of await services.records.list('corp_tag')) await services.records.delete('corp_tag', cached.key);
      return;
    case 'change_external_chat': {
      const chatId = fields.ChatId;
      if (!chatId) return;
      if (fields.ChangeType !== 'dismiss') {
        const found = await api.post<{ group_chat: { name: string; owner: string } }>('/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 });
        await services.records.put('group', chatId, { owner: found.group_chat.owner, name: found.group_chat.name } satisfies GroupRecord);
        await services.upsertContact({ id: chatId, name: found.group_chat.name, attributes: { wecom: { chatId, owner: found.group_chat.owner } } });
      }
      await services.ingestEvents([
        event(chatId, 'wecom.group_changed', {
          changeType: fields.ChangeType ?? null,
          ...(fields.UpdateDetail ? { updateDetail: fields.UpdateDetail } : {}),
          ...(fields.MemChangeCnt ? { memberChange: Number(fields.MemChangeCnt) } : {}),
        }),
      ]);
      return;
    }
    default:
      return;
  }
}
