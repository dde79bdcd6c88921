/**
 * Configuring a carrier from the integrations page, on both queue drivers: SMS through a local double of
 * Tencent Cloud's SendSms, its variables saved with `PUT /api/integrations/sms/settings` (the secrets
 * sealed under JOURNEY_SECRETS_KEY) instead of the environment. The plugin becomes configured at once,
 * without a restart, and serves the built-in `sms` channel; a misconfiguration is refused with the
 * variable at fault; no response ever holds a secret; only admins read or change them. A reply from a
 * number never texted reaches the contact with that phone. A worker process sharing the database picks
 * the settings up within its refresh (2 s), without a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/src/index.ts';
import { tableRows } from '../../db/src/testing.ts';
import { pino } from '../../runtime/node_modules/pino/pino.js';
import { TencentSmsDouble } from '../../plugins/sms/testing/tencent-double.ts';
import { createApp } from '../../runtime/src/api/app.ts';
import { loadConfig } from '../../runtime/src/config.ts';
import { loadNodeLibrary } from '../../runtime/src/plugins/node-library.ts';
import { chainGraph } from '../../runtime/src/queue/journey-fixtures.ts';
import { createRuntime } from '../../runtime/src/runtime.ts';
import type { Runtime } from '../../runtime/src/runtime-contract.ts';
import { startPluginRuntime, type PluginRuntime } from '../support/plugin-runtime.ts';
import { acquireTestRedis, dropRedisKeys, type TestRedis } from '../support/redis-server.ts';
import { until } from '../support/until.ts';

const KEY = 'settings-test-admin-key-0123';
const TOKEN = 'sms-callback-token-from-the-page';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let redis: TestRedis;
beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(() => redis.release());

describe.each(['embedded', 'bullmq'] as const)('integration settings through the %s queue', (driver) => {
  let t: PluginRuntime;
  let store: Store;
  let app: PluginRuntime['app'];
  let tencent: TencentSmsDouble;
  /** Every response body the test received, to show that none holds a secret. */
  const answered: string[] = [];

  const api = async (method: string, path: string, body?: unknown, key = KEY) => {
    const answer = await t.api(method, path, body, key);
    answered.push(answer.text);
    return answer;
  };
  const sms = async () => (await api('GET', '/api/integrations')).body.items.find((i: { name: string }) => i.name === 'sms');

  beforeEach(async () => {
    answered.length = 0;
    tencent = await new TencentSmsDouble('AKIDfromthepage', 'tencent-key-from-the-page', '1400787878', '鲸选商城').start();
    // Only the endpoint (the operator's: here the double) is in the environment; the rest comes from the page.
    const env = { TENCENT_SMS_ENDPOINT: tencent.url, JOURNEY_SECRETS_KEY: randomBytes(32).toString('base64') };
    t = await startPluginRuntime({ driver, redisUrl: redis.url, name: 'settings', adminKey: KEY, env });
    ({ store, app } = t);
  });

  afterEach(async () => {
    await t.stop();
    await tencent.stop();
  });

  it('configures SMS from the page without a restart, refusing a bad SdkAppId, and never answers a secret', async () => {
    expect(await sms()).toMatchObject({ configured: false, status: { active: false } });
    const before = await api('GET', '/api/integrations/sms/settings');
    expect(before.status).toBe(200);
    expect(before.body.secretsKey).toBe(true);
    expect(before.body.items.find((s: { name: string }) => s.name === 'TENCENT_SMS_SECRET_KEY')).toMatchObject({ secret: true, set: false, source: null });

    const values = {
      TENCENT_SMS_SECRET_ID: tencent.secretId,
      TENCENT_SMS_SECRET_KEY: tencent.secretKey,
      TENCENT_SMS_SDK_APP_ID: 'SMS-app',
      TENCENT_SMS_SIGN_NAME: tencent.signName,
      SMS_CALLBACK_TOKEN: TOKEN,
    };
    const refused = await api('PUT', '/api/integrations/sms/settings', { values });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: ['values', 'TENCENT_SMS_SDK_APP_ID'], message: expect.stringContaining('SdkAppId') })]);
    expect(await store.pluginSettings.list()).toEqual([]);
    expect((await api('PUT', '/api/integrations/sms/settings', { values: { NOT_A_SETTING: 'x' } })).body.error.details[0].path).toEqual(['values', 'NOT_A_SETTING']);
    expect((await api('PUT', '/api/integrations/nope/settings', { values: {} })).status).toBe(404);

    const saved = await api('PUT', '/api/integrations/sms/settings', { values: { ...values, TENCENT_SMS_SDK_APP_ID: tencent.sdkAppId } });
    expect(saved.status).toBe(200);
    const byName = Object.fromEntries(saved.body.items.map((s: { name: string }) => [s.name, s]));
    expect(byName.TENCENT_SMS_SECRET_KEY).toEqual(expect.objectContaining({ set: true, source: 'saved' }));
    expect(byName.TENCENT_SMS_SECRET_KEY).not.toHaveProperty('value');
    expect(byName.TENCENT_SMS_SDK_APP_ID).toMatchObject({ set: true, value: tencent.sdkAppId });
    expect(byName.TENCENT_SMS_ENDPOINT).toBeUndefined();
    expect(await sms()).toMatchObject({ configured: true, status: { active: true, items: expect.arrayContaining([expect.objectContaining({ key: 'provider', value: '腾讯云短信 / Tencent Cloud SMS' })]) } });

    const graph = chainGraph([
      ['entry', 'entry'],
      ['push', 'content_push', { channel: 'sms', title: '1234567', template: '["{{contact.attributes.coupon}}"]' }],
    ]);
    await t.publish('SMS coupon', graph);
    expect((await api('POST', '/api/events', { contactId: 'zhao', type: 'contact.acquired', properties: { source: 'douyin_live' }, traits: { phone: '13900001111', coupon: 'JX0001' } })).status).toBe(202);
    const sent = await until('SendSms', () => tencent.sent[0]);
    expect(sent).toMatchObject({ phoneNumber: '+8613900001111', templateId: '1234567', templateParamSet: ['JX0001'] });

    // A reply from a number never texted reaches the contact with that phone (the callback token came from the page too).
    expect((await api('POST', '/api/events', { contactId: 'qian', type: 'page.viewed', traits: { phone: '+8613700002222' } })).status).toBe(202);
    const reply = await app.fetch(
      new Request(`http://server/api/integrations/sms/tencent/reply?token=${TOKEN}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tencent.reply('13700002222', '什么时候发货？')) }),
    );
    expect(reply.status).toBe(200);
    const replied = await until('the reply event', async () => (await tableRows<{ contactId: string; type: string }>(store, 'events')).find((e) => e.type === 'sms.replied'));
    expect(replied.contactId).toBe('qian');

    // Clearing a secret leaves SMS unconfigured, at once.
    expect((await api('PUT', '/api/integrations/sms/settings', { values: { TENCENT_SMS_SECRET_KEY: null } })).status).toBe(400);
    const cleared = await api('PUT', '/api/integrations/sms/settings', { values: Object.fromEntries(Object.keys(values).map((name) => [name, null])) });
    expect(cleared.status).toBe(200);
    expect(await sms()).toMatchObject({ configured: false });

    const everything = answered.join('\n');
    for (const secret of [tencent.secretKey, TOKEN]) expect(everything).not.toContain(secret);
    expect(JSON.stringify(await tableRows(store, 'plugin_settings'))).not.toContain(tencent.secretKey);
  }, 60_000);

  it('lets only admins read or change the settings', async () => {
    const marketer = (await api('POST', '/api/api-keys', { name: 'ops', scope: 'marketer' })).body.key as string;
    expect((await api('GET', '/api/integrations/sms/settings', undefined, marketer)).status).toBe(403);
    expect((await api('PUT', '/api/integrations/sms/settings', { values: { TENCENT_SMS_SIGN_NAME: '鲸选商城' } }, marketer)).status).toBe(403);
    expect(await store.pluginSettings.list()).toEqual([]);
  });
});

describe('integration settings across processes (BullMQ: an API server and a worker on one database)', () => {
  it('reach a worker without a restart, within its refresh', async () => {
    const prefix = `test-settings-two-${process.pid}-${Date.now()}`;
    const tencent = await new TencentSmsDouble('AKIDtwoprocesses', 'tencent-key-two-processes', '1400787878', '鲸选商城').start();
    const dir = mkdtempSync(join(tmpdir(), 'settings-two-'));
    const env = { TENCENT_SMS_ENDPOINT: tencent.url, JOURNEY_SECRETS_KEY: randomBytes(32).toString('hex') };
    const config = loadConfig({ PORT: '0', DATABASE_URL: ':memory:', ADMIN_API_KEY: KEY, LOG_LEVEL: 'silent', ...env });
    const library = await loadNodeLibrary({ list: undefined }, {});
    const open = async (work: boolean) => {
      const store = await openStore(`file:${join(dir, 'j.db')}`);
      const runtime = createRuntime({
        store,
        logger: quiet,
        registry: library.registry,
        executors: library.executors,
        plugins: library.plugins,
        env,
        secrets: config.secrets,
        queue: { redisUrl: redis.url, prefix, sweepGraceMs: 0, sweepIntervalMs: 50, work },
      });
      runtime.start();
      return { store, runtime };
    };
    const server = await open(false);
    const worker = await open(true);
    try {
      const app = createApp({ store: server.store, runtime: server.runtime, registry: library.registry, plugins: library, config, logger: pino({ level: 'silent' }) });
      const api = async (method: string, path: string, body: unknown) =>
        app.fetch(new Request(`http://server${path}`, { method, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
      const sms = (runtime: Runtime) => runtime.plugins.configured(runtime.plugins.plugin('sms')!);
      expect(sms(worker.runtime)).toBe(false);
      const values = { TENCENT_SMS_SECRET_ID: tencent.secretId, TENCENT_SMS_SECRET_KEY: tencent.secretKey, TENCENT_SMS_SDK_APP_ID: tencent.sdkAppId, TENCENT_SMS_SIGN_NAME: tencent.signName };
      expect((await api('PUT', '/api/integrations/sms/settings', { values })).status).toBe(200);
      expect(sms(server.runtime)).toBe(true);
      await until('the worker configured', async () => (sms(worker.runtime) ? true : undefined));
      expect(worker.runtime.plugins.services('sms').env.TENCENT_SMS_SECRET_KEY).toBe(tencent.secretKey);
    } finally {
      for (const { runtime, store } of [server, worker]) {
        await runtime.stop();
        await store.close();
      }
      dropRedisKeys(redis.url, prefix);
      await tencent.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
