import { isAwaitingConfirmation, PermanentDeliveryError, type ChannelMessage, type DeliveryContext } from '@journey/sdk';
import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_WITHIN_MS, groupChannel, privateChannel, sendResultsTask } from './messages.ts';
import { mirrorTags, tagsChannel, TAG_GROUP } from './tags.ts';
import { WecomDouble } from './testing/wecom-double.ts';

let now = Date.UTC(2026, 11, 1, 12);
let double: WecomDouble;
let services: TestServices;

const message = (id: string, body: string): ChannelMessage => ({ id, channel: 'wecom_private', title: '', body, priority: 'marketing', createdAt: now });
const context = (contactId: string): DeliveryContext => ({
  idempotencyKey: `run_1:push:${contactId}`,
  attempt: 1,
  signal: AbortSignal.timeout(5000),
  origin: { runId: 'run_1', journeyId: 'j1', contactId, nodeId: 'push' },
  services,
});
/** What the callback of a new customer leaves: who follows them, and the welcome code. */
async function newCustomer(externalUserId: string, userId = 'zhangsan') {
  const code = double.addCustomer({ external_userid: externalUserId, name: '王小明', userid: userId });
  await services.records.put('follow', externalUserId, { userId });
  await services.records.put('welcome', externalUserId, { code, userId, at: now }, { expiresAt: now + 20_000 });
  return code;
}

beforeEach(async () => {
  now = Date.UTC(2026, 11, 1, 12);
  double = await new WecomDouble(undefined, undefined, () => now).start();
  services = createTestServices('wecom', {
    now: () => now,
    env: {
      WECOM_CORP_ID: double.corpId,
      WECOM_SECRET: double.secret,
      WECOM_AGENT_ID: '1000002',
      WECOM_TOKEN: 'token',
      WECOM_ENCODING_AES_KEY: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
      WECOM_API_BASE: double.url,
    },
  });
});
afterEach(() => double.stop());

describe('wecom_private', () => {
  it('greets a new customer through send_welcome_msg with their code, once; later messages become mass-send tasks', async () => {
    const code = await newCustomer('wmA');
    now += 19_000;
    expect(await privateChannel.deliver(message('msg_1', '欢迎！'), context('wmA'))).toEqual({ via: 'send_welcome_msg' });
    expect(double.welcomes).toEqual([{ welcome_code: code, text: '欢迎！' }]);
    const receipt = await privateChannel.deliver(message('msg_2', '新品上市'), context('wmA'));
    expect(isAwaitingConfirmation(receipt)).toBe(true);
    expect(double.callsTo('/cgi-bin/externalcontact/add_msg_template')).toMatchObject([
      { body: { chat_type: 'single', sender: 'zhangsan', external_userid: ['wmA'], text: { content: '新品上市' } } },
    ]);
  });

  it('sends a mass-send task once the 20 s are over, or when WeCom says the code is gone (41051)', async () => {
    await newCustomer('wmA');
    now += 20_001;
    expect(isAwaitingConfirmation(await privateChannel.deliver(message('msg_1', 'hi'), context('wmA')))).toBe(true);
    await newCustomer('wmB');
    double.welcomeCodes.clear();
    expect(isAwaitingConfirmation(await privateChannel.deliver(message('msg_2', 'hi'), context('wmB')))).toBe(true);
    expect(double.callsTo('/cgi-bin/externalcontact/send_welcome_msg')).toHaveLength(1);
    expect(double.callsTo('/cgi-bin/externalcontact/add_msg_template').map((c) => c.body?.external_userid)).toEqual([['wmA'], ['wmB']]);
  });

  it('keeps the code for the retry when send_welcome_msg fails for a while', async () => {
    const code = await newCustomer('wmA');
    double.failNext.set('/cgi-bin/externalcontact/send_welcome_msg', [-1]);
    await expect(privateChannel.deliver(message('msg_1', 'hi'), context('wmA'))).rejects.toThrow('errcode -1');
    expect(await privateChannel.deliver(message('msg_1', 'hi'), context('wmA'))).toEqual({ via: 'send_welcome_msg' });
    expect(double.welcomes.map((w) => w.welcome_code)).toEqual([code]);
  });

  it('refuses for good a contact no member follows', async () => {
    await expect(privateChannel.deliver(message('msg_1', 'hi'), context('c_not_wecom'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('settles a task as sent once WeCom reports it sent, and as failed with the reason or after the deadline', async () => {
    for (const id of ['wmA', 'wmB', 'wmC']) {
      await newCustomer(id);
      await services.records.delete('welcome', id);
      await privateChannel.deliver(message(`msg_${id}`, 'hi'), context(id));
    }
    const [a, b] = [...double.tasks.values()];
    await sendResultsTask.run(services);
    expect(services.settled.size).toBe(0);
    double.settleTask(a!.msgid, 1);
    double.settleTask(b!.msgid, 3);
    await sendResultsTask.run(services);
    expect(Object.fromEntries(services.settled)).toEqual({
      msg_wmA: { status: 'sent' },
      msg_wmB: { status: 'failed', error: "WeCom did not send it: the customer already received this month's mass messages from the corp" },
    });
    now += CONFIRM_WITHIN_MS + 1;
    await sendResultsTask.run(services);
    expect(services.settled.get('msg_wmC')).toEqual({ status: 'failed', error: 'The member zhangsan did not confirm the mass-send task within 24 hours' });
    expect(await services.records.list('task')).toEqual([]);
    expect(double.callsTo('/cgi-bin/externalcontact/get_groupmsg_send_result')[0]?.body).toMatchObject({ msgid: a!.msgid, userid: 'zhangsan' });
  });
});

describe('wecom_group', () => {
  it('sends to a customer group as a mass-send task from its owner (chat_type group)', async () => {
    await services.records.put('group', 'wrGroup1', { owner: 'lisi', name: '老客群' });
    expect(isAwaitingConfirmation(await groupChannel.deliver({ ...message('msg_g', '群公告'), channel: 'wecom_group' }, context('wrGroup1')))).toBe(true);
    expect(double.callsTo('/cgi-bin/externalcontact/add_msg_template')).toMatchObject([{ body: { chat_type: 'group', sender: 'lisi', chat_id_list: ['wrGroup1'] } }]);
    await expect(groupChannel.deliver(message('msg_h', 'x'), context('wmA'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('tags mirrored to WeCom', () => {
  const deliver = (contactId: string, add: string[], remove: string[] = []) => {
    const [effect] = mirrorTags({ contactId, add, remove });
    return tagsChannel.deliver(tagsChannel.payload.parse(effect!.payload), context(contactId));
  };

  it('creates each corporate tag once by name and marks it on the customer for their member', async () => {
    await newCustomer('wmA');
    await newCustomer('wmB', 'lisi');
    expect(await deliver('wmA', ['高意向', 'vip'])).toEqual({ marked: 2, removed: 0 });
    expect(await deliver('wmB', ['vip'])).toEqual({ marked: 1, removed: 0 });
    expect(await deliver('wmA', [], ['vip'])).toEqual({ marked: 0, removed: 1 });
    expect(double.callsTo('/cgi-bin/externalcontact/add_corp_tag').map((c) => c.body)).toEqual([
      { group_name: TAG_GROUP, tag: [{ name: '高意向' }] },
      { group_name: TAG_GROUP, tag: [{ name: 'vip' }] },
    ]);
    const id = (name: string) => [...double.corpTags.values()].find((t) => t.name === name)!.id;
    expect(double.marks.get('zhangsan:wmA')).toEqual(new Set([id('高意向')]));
    expect(double.marks.get('lisi:wmB')).toEqual(new Set([id('vip')]));
  });

  it('leaves out contacts that are not WeCom customers, and makes no call for an empty change', async () => {
    expect(await deliver('c_web_only', ['vip'])).toEqual({ skipped: 'not a WeCom customer' });
    expect(mirrorTags({ contactId: 'wmA', add: [], remove: [] })).toEqual([]);
    expect(double.calls).toEqual([]);
  });
});
