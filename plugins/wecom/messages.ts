import { awaitConfirmation, defineChannel, PermanentDeliveryError, type ChannelMessage, type DeliveryContext, type PluginServices, type PluginTask } from '@journey/sdk';
import { WELCOME_CODE_MS, type FollowRecord, type GroupRecord, type WelcomeRecord } from './callbacks.ts';
import { WecomError } from './wecom-api.ts';
import { wecomApi } from './wecom-client.ts';

/** How long a member has to confirm a mass-send task before its message is `failed`. */
export const CONFIRM_WITHIN_MS = 24 * 3_600_000;
/** errcode of `send_welcome_msg` when the code is used up or no longer valid: the greeting goes as a mass-send task. */
const WELCOME_CODE_GONE = 41051;

/** A mass-send task waiting for its member, by the outbox message it carries. */
interface TaskRecord extends Record<string, unknown> {
  msgid: string;
  sender: string;
  /** The customer's external_userid, or the group's chat id. */
  receiver: string;
  chatType: 'single' | 'group';
  createdAt: number;
}

/** WeCom answers that retrying cannot change (a customer or member that does not exist, a refused content). */
const PERMANENT = new Set([40003, 40058, 40096, 41051, 44004, 60111, 84061]);

function deliveryError(err: unknown): unknown {
  return err instanceof WecomError && PERMANENT.has(err.errcode) ? new PermanentDeliveryError(err.message) : err;
}

/**
 * A message to a customer: within 20 s of their `add_external_contact`, with the welcome code WeCom gave
 * (used once: whichever process takes it first), through `send_welcome_msg` — WeCom's only way to greet a
 * new customer at once. Otherwise (or when WeCom says the code is gone, 41051) a mass-send task
 * (`add_msg_template`, `chat_type` single) from the member who follows them, which the member confirms
 * in WeCom: the message is `pending_confirmation` until the `send-results` task settles it.
 */
async function deliverPrivate(message: ChannelMessage, { origin, signal, services }: DeliveryContext) {
  const api = wecomApi(services);
  const customer = origin.contactId;
  const welcome = await services.records.get<WelcomeRecord>('welcome', customer);
  if (welcome && services.now() - welcome.value.at <= WELCOME_CODE_MS && (await services.records.delete('welcome', customer))) {
    try {
      await api.post('/cgi-bin/externalcontact/send_welcome_msg', { welcome_code: welcome.value.code, text: { content: message.body } }, signal);
      return { via: 'send_welcome_msg' };
    } catch (err) {
      if (!(err instanceof WecomError && err.errcode === WELCOME_CODE_GONE)) {
        // Not used: it stays usable for the retry, within its 20 s.
        await services.records.put('welcome', customer, welcome.value, { expiresAt: welcome.value.at + WELCOME_CODE_MS });
        throw deliveryError(err);
      }
      services.log.info({ contactId: customer }, 'WeCom welcome code already used; sending as a mass-send task');
    }
  }
  const follow = await services.records.get<FollowRecord>('follow', customer);
  if (!follow) throw new PermanentDeliveryError(`Contact ${customer} is not a WeCom customer of this corp (no member follows them)`);
  return createTask(services, message, { chatType: 'single', sender: follow.value.userId, receiver: customer }, signal);
}

/** A message to a customer group (the contact is the group, id = its chat id): a mass-send task (`chat_type` group) from its owner. */
async function deliverGroup(message: ChannelMessage, { origin, signal, services }: DeliveryContext) {
  const group = await services.records.get<GroupRecord>('group', origin.contactId);
  if (!group) throw new PermanentDeliveryError(`Contact ${origin.contactId} is not a WeCom customer group of this corp`);
  return createTask(services, message, { chatType: 'group', sender: group.value.owner, receiver: origin.contactId }, signal);
}

async function createTask(
  services: PluginServices,
  message: ChannelMessage,
  target: { chatType: 'single' | 'group'; sender: string; receiver: string },
  signal: AbortSignal,
) {
  const existing = await services.records.get<TaskRecord>('task', message.id);
  if (existing) return awaitConfirmation({ msgid: existing.value.msgid });
  let answer: { msgid: string; fail_list?: string[] };
  try {
    answer = await wecomApi(services).post<{ msgid: string; fail_list?: string[] }>(
      '/cgi-bin/externalcontact/add_msg_template',
      {
        chat_type: target.chatType,
        sender: target.sender,
        ...(target.chatType === 'single' ? { external_userid: [target.receiver] } : { chat_id_list: [target.receiver] }),
        text: { content: message.body },
      },
      signal,
    );
  } catch (err) {
    throw deliveryError(err);
  }
  if (answer.fail_list?.includes(target.receiver)) {
    throw new PermanentDeliveryError(`WeCom cannot send to ${target.receiver} from ${target.sender} (not their customer any more)`);
  }
  await services.records.put('task', message.id, { msgid: answer.msgid, ...target, createdAt: services.now() } satisfies TaskRecord);
  return awaitConfirmation({ msgid: answer.msgid });
}

const SEND_FAILURES: Record<number, string> = {
  2: 'WeCom did not send it: the customer is no longer a friend of the member',
  3: "WeCom did not send it: the customer already received this month's mass messages from the corp",
};

/**
 * Asks WeCom (`get_groupmsg_send_result`) how each waiting mass-send task went, and settles its message:
 * `sent` once sent (status 1), `failed` with the reason when WeCom could not (2, 3) or when the member has
 * not confirmed it within `CONFIRM_WITHIN_MS`.
 */
export const sendResultsTask: PluginTask = {
  name: 'send_results',
  everyMs: 30_000,
  run: async (services) => {
    const api = wecomApi(services);
    for (const { key: messageId, value: task } of await services.records.list<TaskRecord>('task')) {
      const answer = await api.post<{ send_list: { external_userid?: string; chat_id?: string; status: number }[] }>(
        '/cgi-bin/externalcontact/get_groupmsg_send_result',
        { msgid: task.msgid, userid: task.sender, limit: 1000 },
      );
      const result = answer.send_list.find((r) => (task.chatType === 'single' ? r.external_userid : r.chat_id) === task.receiver);
      const status = result?.status ?? 0;
      let settled: boolean | undefined;
      if (status === 1) settled = await services.settleMessage(messageId, { status: 'sent' });
      else if (status !== 0) settled = await services.settleMessage(messageId, { status: 'failed', error: SEND_FAILURES[status] ?? `WeCom did not send it (status ${status})` });
      else if (services.now() - task.createdAt > CONFIRM_WITHIN_MS) {
        settled = await services.settleMessage(messageId, {
          status: 'failed',
          error: `The member ${task.sender} did not confirm the mass-send task within ${CONFIRM_WITHIN_MS / 3_600_000} hours`,
        });
      }
      if (settled !== undefined) await services.records.delete('task', messageId);
    }
  },
};

/** `wecom_private` through WeCom: welcome messages and member-confirmed mass-send tasks. */
export const privateChannel = defineChannel({
  kind: 'message',
  name: 'private',
  title: { 'zh-CN': '企业微信私聊', en: 'WeCom private chat' },
  serves: ['wecom_private'],
  // WeCom lets a customer receive at most four mass messages a month from the corp (企业群发), counted on
  // China's calendar. Welcome messages are not mass messages, but which way a message goes is decided at
  // delivery: counting every message keeps the fourth mass message from being refused (status 3).
  limit: { max: 4, period: 'month', timezone: 'Asia/Shanghai' },
  // Neither send_welcome_msg nor add_msg_template takes an idempotency key: a delivery cut off is left to an operator.
  honoursIdempotencyKey: false,
  deliver: deliverPrivate,
});

/** `wecom_group` through WeCom: mass-send tasks to customer groups, confirmed by their owners. */
export const groupChannel = defineChannel({
  kind: 'message',
  name: 'group',
  title: { 'zh-CN': '企业微信客户群', en: 'WeCom customer group' },
  serves: ['wecom_group'],
  honoursIdempotencyKey: false,
  deliver: deliverGroup,
});
