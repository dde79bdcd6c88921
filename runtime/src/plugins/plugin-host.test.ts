import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '@journey/db';
import { tableRows } from '@journey/db/testing';
import { defineChannel, definePlugin, z, type PluginDefinition } from '@journey/nodes/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namespacedNodes } from '@journey/nodes';
import type { ChannelAdapter, OutboxMessage } from '../channels/channel-adapter.ts';
import type { LoadedPlugin } from './load-plugins.ts';
import { PluginHost, TEMPLATES_CACHE_MS } from './plugin-host.ts';
import { SecretBox } from './secret-box.ts';

const NOW = Date.UTC(2026, 0, 1);
const logged: string[] = [];
const logger = { info: () => {}, warn: () => {}, error: (_: object, message: string) => void logged.push(message) };

const crmTags = defineChannel({
  kind: 'call',
  name: 'tags',
  title: { 'zh-CN': '标签', en: 'Tags' },
  honoursIdempotencyKey: true,
  payload: z.strictObject({ contactId: z.string(), add: z.array(z.string()) }),
  deliver: async () => {},
});
const sms = (name: string, answer: unknown = true) =>
  defineChannel({ kind: 'message', name, title: { 'zh-CN': name, en: name }, serves: ['sms'], honoursIdempotencyKey: true, deliver: async () => ({ ok: answer }) });

const fallback: ChannelAdapter = {
  honoursIdempotencyKey: true,
  recordsOnly: true,
  deliver: async () => 'recorded',
  deliverBatch: async (messages) => messages.map(() => ({ status: 'fulfilled' as const, value: undefined })),
};
const outboxMessage = { id: 'm1', runId: 'r1', journeyId: 'j1', contactId: 'c1', nodeId: 'push', channel: 'sms', title: 't', body: 'b', status: 'pending', createdAt: NOW } as unknown as OutboxMessage;
const attempt = { idempotencyKey: 'k', attempt: 1, signal: new AbortController().signal };

function loaded(plugin: PluginDefinition): LoadedPlugin {
  return {
    name: plugin.name,
    title: plugin.title ?? { 'zh-CN': plugin.name, en: plugin.name },
    source: 'test',
    nodes: namespacedNodes(plugin),
    channels: (plugin.channels ?? []).map((c) => ({ ...c, name: `${plugin.name}/${c.name}` })),
    definition: plugin,
  };
}

const polls: string[] = [];

/** How many times the plugins' tasks ran in one start of their loops. */
async function passes(plugins: PluginHost): Promise<number> {
  polls.length = 0;
  const loops = plugins.taskLoops().filter((loop) => loop.name !== 'plugin-records-sweep');
  for (const loop of loops) loop.start();
  await new Promise((resolve) => setTimeout(resolve, 30));
  await Promise.all(loops.map((loop) => loop.stop()));
  return polls.length;
}

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
  logged.length = 0;
});
afterEach(() => store.close());

const host = (plugins: PluginDefinition[], env: Record<string, string> = {}, secrets?: SecretBox) =>
  new PluginHost({ plugins: plugins.map(loaded), store, clock: { now: () => NOW }, logger, env, secrets, ingest: async () => ({ ids: [], duplicates: 0 }) });

describe('PluginHost', () => {
  const carrier = (name: string) =>
    definePlugin({
      name,
      nodes: [],
      channels: [sms('text', name), crmTags],
      configured: (env) => env[`${name.toUpperCase()}_KEY`] !== undefined,
      routes: [{ method: 'GET', path: '/callback', access: 'public', handle: async () => new Response('ok') }],
      tasks: [{ name: 'poll', everyMs: 1000, run: async () => void polls.push(name) }],
      reactions: { tags: ({ contactId, add }) => [crmTags.effect({ contactId, add: [...add] })] },
    });

  it('serves built-in channels, runs tasks and reactions only for configured plugins; routes answer either way', async () => {
    const off = host([carrier('acme')]);
    const offAdapters = off.adapters(fallback);
    expect(Object.keys(offAdapters)).toEqual(['acme/text', 'acme/tags', 'sms']);
    expect(offAdapters.sms!.recordsOnly).toBe(true);
    expect(await offAdapters.sms!.deliver(outboxMessage, attempt)).toBe('recorded');
    expect(await offAdapters.sms!.deliverBatch?.([outboxMessage])).toEqual([{ status: 'fulfilled', value: undefined }]);
    // Unconfigured, its tasks do not run; the sweep of expired plugin records does.
    const polled = await passes(off);
    expect(polled).toBe(0);
    const tags = { nodeId: 'tag', seq: 3, effect: { kind: 'tags' as const, add: ['vip'], remove: [] } };
    expect(off.reactions()!([tags], 'c1')).toEqual([tags]);
    expect(off.routes().map((r) => [r.path, r.active()])).toEqual([['/api/integrations/acme/callback', false]]);
    const on = host([carrier('acme')], { ACME_KEY: 'k' });
    const onAdapters = on.adapters(fallback);
    expect(onAdapters.sms!.recordsOnly).toBeUndefined();
    expect(await onAdapters.sms!.deliver(outboxMessage, attempt)).toEqual({ ok: 'acme' });
    expect(onAdapters.sms!.deliverBatch).toBeUndefined();
    expect(await passes(on)).toBeGreaterThan(0);
    expect(on.routes()[0]!.active()).toBe(true);
  });

  it('sweeps the expired records of every plugin', async () => {
    await store.pluginRecords.put({ plugin: 'acme', kind: 'seen', key: 'old', value: {}, expiresAt: NOW - 1 }, NOW - 10);
    await store.pluginRecords.put({ plugin: 'acme', kind: 'seen', key: 'new', value: {}, expiresAt: NOW + 60_000 }, NOW - 10);
    const [sweep] = host([carrier('acme')]).taskLoops();
    sweep!.start();
    await expect.poll(async () => (await tableRows<{ key: string }>(store, 'plugin_records')).map((r) => r.key)).toEqual(['new']);
    await sweep!.stop();
  });

  it('leaves a built-in channel with the first configured plugin serving it, and says so', async () => {
    const both = host([carrier('acme'), carrier('bolt')], { ACME_KEY: 'k', BOLT_KEY: 'k' });
    const adapters = both.adapters(fallback);
    expect(await adapters.sms!.deliver(outboxMessage, attempt)).toEqual({ ok: 'acme' });
    expect(logged).toEqual(['channel sms is already served by another plugin; bolt/text does not take it']);
  });

  it("follows a step's tags effect with the plugin's calls, namespaced, in the same step", () => {
    const react = host([carrier('acme')], { ACME_KEY: 'k' }).reactions()!;
    const tags = { nodeId: 'tag', seq: 3, effect: { kind: 'tags' as const, add: ['vip'], remove: [] } };
    const message = { nodeId: 'push', seq: 4, effect: { kind: 'message' as const, channel: 'sms', title: '', body: 'hi' } };
    expect(react([tags, message], 'c1')).toEqual([
      tags,
      { nodeId: 'tag', seq: 3, effect: { kind: 'call', channel: 'acme/tags', payload: { contactId: 'c1', add: ['vip'] } } },
      message,
    ]);
  });

  it("keeps each plugin's records apart in the store, and reports its status (a failing status as inactive)", async () => {
    const plugins = host([
      carrier('acme'),
      definePlugin({ name: 'broken', nodes: [], status: async () => Promise.reject(new Error('no answer')) }),
    ], { ACME_KEY: 'k' });
    const acme = plugins.services('acme');
    await acme.records.put('k', 'a', { n: 1 });
    expect(await acme.records.insert('k', 'a', { n: 2 })).toBe(false);
    expect((await acme.records.get('k', 'a'))?.value).toEqual({ n: 1 });
    expect(await plugins.services('broken').records.get('k', 'a')).toBeUndefined();
    expect(await store.pluginRecords.get('acme', 'k', 'a', NOW)).toMatchObject({ value: { n: 1 } });
    expect(await plugins.report()).toEqual([
      { name: 'acme', title: { 'zh-CN': 'acme', en: 'acme' }, configured: true, serves: ['sms'], status: { active: true, items: [] } },
      {
        name: 'broken',
        title: { 'zh-CN': 'broken', en: 'broken' },
        configured: true,
        serves: [],
        status: { active: false, items: [{ key: 'error', label: { 'zh-CN': '错误', en: 'Error' }, value: 'no answer' }] },
      },
    ]);
  });

  it("reads a contact's identities as its events' traits set them; none for an unknown contact", async () => {
    await store.contacts.applyTraits([{ contactId: 'c1', traits: { identities: { phone: '13800138000', wechatOpenId: 'o1' } } }], NOW);
    const services = host([carrier('acme')], { ACME_KEY: 'k' }).services('acme');
    expect(await services.contactIdentities('c1')).toEqual({ phone: '13800138000', wechatOpenId: 'o1' });
    expect(await services.contactIdentities('nobody')).toEqual({});
  });

  it("answers the templates of the channel serving a built-in one or named by its namespace, kept a minute; says why there are none", async () => {
    let now = NOW;
    let calls = 0;
    let down = false;
    const withTemplates = definePlugin({
      name: 'acme',
      nodes: [],
      channels: [
        defineChannel({
          ...sms('text'),
          templates: async ({ signal }) => {
            calls++;
            if (down) throw new Error('connect ECONNREFUSED');
            expect(signal.aborted).toBe(false);
            return [{ id: 'T1', name: '到货提醒', fields: [{ key: 'item', maxLength: 20 }] }];
          },
        }),
        crmTags,
      ],
      configured: (env) => env.ACME_KEY !== undefined,
    });
    const make = (env: Record<string, string>) =>
      new PluginHost({ plugins: [loaded(withTemplates), loaded(carrier('bolt'))], store, clock: { now: () => now }, logger, env, ingest: async () => ({ ids: [], duplicates: 0 }) });
    const on = make({ ACME_KEY: 'k', BOLT_KEY: 'k' });
    const listed = { found: 'templates', items: [{ id: 'T1', name: '到货提醒', fields: [{ key: 'item', maxLength: 20 }] }] };
    expect(await on.templates('sms')).toEqual(listed);
    expect(await on.templates('acme/text')).toEqual(listed);
    expect(calls).toBe(1);
    expect(await on.templates('bolt/text')).toEqual({ found: 'templates', items: [] });
    expect(await on.templates('email')).toEqual({ found: 'templates', items: [] });
    expect(await on.templates('acme/tags')).toEqual({ found: 'unknown_channel' });
    expect(await on.templates('acme/nothing')).toEqual({ found: 'unknown_channel' });
    now += TEMPLATES_CACHE_MS;
    down = true;
    expect(await on.templates('sms')).toEqual({ found: 'carrier_error', plugin: 'acme', message: 'connect ECONNREFUSED' });
    expect(calls).toBe(2);
    const off = make({});
    expect(await off.templates('sms')).toEqual({ found: 'templates', items: [] });
    expect(await off.templates('acme/text')).toEqual({ found: 'not_configured', plugin: 'acme' });
    expect(calls).toBe(2);
  });

  it('asks the channel delivering a push what its carrier refuses of it, only while that channel is configured', () => {
    const advice = { 'zh-CN': '请选择模板', en: 'Pick a template' };
    const advising = definePlugin({
      name: 'acme',
      nodes: [],
      channels: [defineChannel({ ...sms('text'), advise: ({ title }) => (title === '' ? advice : undefined) })],
      configured: (env) => env.ACME_KEY !== undefined,
    });
    const make = (env: Record<string, string>) =>
      new PluginHost({ plugins: [loaded(advising)], store, clock: { now: () => NOW }, logger, env, ingest: async () => ({ ids: [], duplicates: 0 }) });
    const on = make({ ACME_KEY: 'k' });
    const push = { title: '', template: 'code=1', priority: 'marketing' as const };
    expect(on.channelAdvice('sms', push)).toEqual(advice);
    expect(on.channelAdvice('acme/text', push)).toEqual(advice);
    expect(on.channelAdvice('sms', { ...push, title: 'SMS_1' })).toBeUndefined();
    expect(on.channelAdvice('email', push)).toBeUndefined();
    expect(on.channelAdvice('acme/nothing', push)).toBeUndefined();
    expect(make({}).channelAdvice('acme/text', push)).toBeUndefined();
  });

  it('lets a channel of a plugin configured in parts serve its built-in channel only while its own part is configured', async () => {
    const parts = definePlugin({
      name: 'duo',
      nodes: [],
      channels: [
        { ...sms('text', 'text'), configured: (env: Readonly<Record<string, string | undefined>>) => env.TEXT_KEY !== undefined, templates: async () => [] },
        defineChannel({ kind: 'message', name: 'mail', title: { 'zh-CN': '邮件', en: 'Mail' }, serves: ['email'], honoursIdempotencyKey: true, deliver: async () => ({ ok: 'mail' }), configured: (env) => env.MAIL_KEY !== undefined }),
      ],
      configured: (env) => env.TEXT_KEY !== undefined || env.MAIL_KEY !== undefined,
    });
    const mailOnly = host([parts], { MAIL_KEY: 'k' });
    const adapters = mailOnly.adapters(fallback);
    expect(await adapters.email!.deliver(outboxMessage, attempt)).toEqual({ ok: 'mail' });
    expect(await adapters.sms!.deliver(outboxMessage, attempt)).toBe('recorded');
    expect(await mailOnly.templates('duo/text')).toEqual({ found: 'not_configured', plugin: 'duo' });
    expect(await mailOnly.templates('sms')).toEqual({ found: 'templates', items: [] });
    expect(await host([parts], { MAIL_KEY: 'k', TEXT_KEY: 'k' }).adapters(fallback).sms!.deliver(outboxMessage, attempt)).toEqual({ ok: 'text' });
  });

  describe('settings saved on the integrations page', () => {
    const label = { 'zh-CN': '密钥', en: 'Key' };
    const configurable = () =>
      definePlugin({
        ...carrier('acme'),
        settings: [
          { name: 'ACME_KEY', label, secret: true },
          { name: 'ACME_REGION', label, secret: false },
        ],
        configurationProblems: (env) => (env.ACME_REGION && !/^[a-z]+-\d$/.test(env.ACME_REGION) ? [{ setting: 'ACME_REGION', message: 'ACME_REGION is like eu-1' }] : []),
      });
    const box = new SecretBox(randomBytes(32));

    it('configure a plugin in this process at once and in another after its next refresh, without a restart', async () => {
      const here = host([configurable()], {}, box);
      const there = host([configurable()], {}, box);
      const [hereAdapters, thereAdapters] = [here.adapters(fallback), there.adapters(fallback)];
      expect(here.configured(here.plugins[0]!)).toBe(false);
      await here.settings.save(here.plugins[0]!, { ACME_KEY: ' k-123 ', ACME_REGION: 'eu-1' }, 'usr_1', NOW);
      expect(here.configured(here.plugins[0]!)).toBe(true);
      expect(here.services('acme').env).toMatchObject({ ACME_KEY: 'k-123', ACME_REGION: 'eu-1' });
      expect(await hereAdapters.sms!.deliver(outboxMessage, attempt)).toEqual({ ok: 'acme' });
      expect(here.routes()[0]!.active()).toBe(true);
      expect(await passes(here)).toBeGreaterThan(0);
      // The store holds the secret sealed, never in clear.
      expect(JSON.stringify(await store.pluginSettings.list())).not.toContain('k-123');

      expect(await thereAdapters.sms!.deliver(outboxMessage, attempt)).toBe('recorded');
      expect(await there.refreshSettings()).toEqual(['acme']);
      expect(await there.refreshSettings()).toEqual([]);
      expect(there.services('acme').env.ACME_KEY).toBe('k-123');
      expect(await thereAdapters.sms!.deliver(outboxMessage, attempt)).toEqual({ ok: 'acme' });

      await there.settings.save(there.plugins[0]!, { ACME_KEY: null }, 'usr_1', NOW + 1);
      await here.refreshSettings();
      expect(here.configured(here.plugins[0]!)).toBe(false);
      expect(await hereAdapters.sms!.deliver(outboxMessage, attempt)).toBe('recorded');
    });

    it('shows whether each is set and a non-secret’s value, never a secret, and lets the environment win', async () => {
      const plugins = host([configurable()], { ACME_REGION: 'cn-1' }, box);
      const acme = plugins.plugins[0]!;
      await plugins.settings.save(acme, { ACME_KEY: 'k-123' }, 'usr_1', NOW);
      expect(plugins.settings.view(acme)).toEqual([
        { name: 'ACME_KEY', label, secret: true, set: true, source: 'saved', updatedAt: NOW },
        { name: 'ACME_REGION', label, secret: false, set: true, source: 'environment', value: 'cn-1' },
      ]);
      await expect(plugins.settings.save(acme, { ACME_REGION: 'eu-1' }, null, NOW)).rejects.toMatchObject({ setting: 'ACME_REGION', message: expect.stringContaining("set in the server's environment") });
    });

    it('saves nothing when the result is misconfigured, a name is not declared, or a secret has no key to seal it', async () => {
      const withKey = host([configurable()], {}, box);
      const acme = withKey.plugins[0]!;
      await expect(withKey.settings.save(acme, { ACME_KEY: 'k', ACME_REGION: 'Frankfurt' }, null, NOW)).rejects.toMatchObject({ setting: 'ACME_REGION', message: 'ACME_REGION is like eu-1' });
      await expect(withKey.settings.save(acme, { ACME_SECRET: 'x' }, null, NOW)).rejects.toMatchObject({ setting: 'ACME_SECRET' });
      expect(await store.pluginSettings.list()).toEqual([]);
      const keyless = host([configurable()]);
      await expect(keyless.settings.save(keyless.plugins[0]!, { ACME_KEY: 'k', ACME_REGION: 'eu-1' }, null, NOW)).rejects.toMatchObject({
        setting: 'ACME_KEY',
        message: expect.stringContaining('until JOURNEY_SECRETS_KEY is set'),
      });
      expect(await store.pluginSettings.list()).toEqual([]);
      await keyless.settings.save(keyless.plugins[0]!, { ACME_REGION: 'eu-1' }, null, NOW);
      expect(keyless.services('acme').env.ACME_REGION).toBe('eu-1');
    });

    it('reads a secret sealed under another key as unset, saying the key changed, and seals old secrets again after a rotation', async () => {
      const oldKey = randomBytes(32);
      const before = host([configurable()], {}, new SecretBox(oldKey));
      await before.settings.save(before.plugins[0]!, { ACME_KEY: 'k-123' }, null, NOW);
      const changed = host([configurable()], {}, box);
      await changed.refreshSettings();
      expect(changed.configured(changed.plugins[0]!)).toBe(false);
      expect(changed.settings.view(changed.plugins[0]!)[0]).toMatchObject({ set: true, problem: expect.stringContaining('cannot decrypt: JOURNEY_SECRETS_KEY changed') });
      const [report] = await changed.report();
      expect(report!.status.items[0]).toMatchObject({ key: 'unreadableSettings', value: expect.stringMatching(/^ACME_KEY: cannot decrypt: JOURNEY_SECRETS_KEY changed/) });
      expect(await changed.settings.reseal(NOW)).toBe(0);
      const needsKey = definePlugin({ ...configurable(), configurationProblems: (env) => (env.ACME_KEY ? [] : [{ setting: 'ACME_KEY', message: 'ACME_KEY is not set' }]) });
      const strict = host([needsKey], {}, box);
      await expect(strict.settings.save(strict.plugins[0]!, { ACME_REGION: 'eu-1' }, null, NOW)).rejects.toMatchObject({
        setting: 'ACME_KEY',
        message: expect.stringMatching(/^ACME_KEY: cannot decrypt: JOURNEY_SECRETS_KEY changed.*; set it again$/),
      });

      const rotated = host([configurable()], {}, new SecretBox(randomBytes(32), [oldKey]));
      expect(await rotated.settings.reseal(NOW + 1)).toBe(1);
      expect(rotated.services('acme').env.ACME_KEY).toBe('k-123');
      expect(await rotated.settings.reseal(NOW + 2)).toBe(0);
    });
  });
});
