import { openStore, type Store } from '@journey/db';
import { tableRows } from '@journey/db/testing';
import { defineChannel, definePlugin, z, type PluginDefinition } from '@journey/nodes/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namespacedNodes } from '@journey/nodes';
import type { LoadedPlugin } from './load-plugins.ts';
import { PluginHost, TEMPLATES_CACHE_MS } from './plugin-host.ts';

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
const sms = (name: string) =>
  defineChannel({ kind: 'message', name, title: { 'zh-CN': name, en: name }, serves: ['sms'], honoursIdempotencyKey: true, deliver: async () => ({ ok: true }) });

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

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
  logged.length = 0;
});
afterEach(() => store.close());

const host = (plugins: PluginDefinition[], env: Record<string, string> = {}) =>
  new PluginHost({ plugins: plugins.map(loaded), store, clock: { now: () => NOW }, logger, env, ingest: async () => ({ ids: [], duplicates: 0 }) });

describe('PluginHost', () => {
  const carrier = (name: string) =>
    definePlugin({
      name,
      nodes: [],
      channels: [sms('text'), crmTags],
      configured: (env) => env[`${name.toUpperCase()}_KEY`] !== undefined,
      routes: [{ method: 'GET', path: '/callback', access: 'public', handle: async () => new Response('ok') }],
      tasks: [{ name: 'poll', everyMs: 1000, run: async () => {} }],
      reactions: { tags: ({ contactId, add }) => [crmTags.effect({ contactId, add: [...add] })] },
    });

  it('serves built-in channels, runs tasks and reactions only for configured plugins; routes answer either way', () => {
    const off = host([carrier('acme')]);
    expect(Object.keys(off.adapters())).toEqual(['acme/text', 'acme/tags']);
    // Unconfigured, its tasks do not run; the sweep of expired plugin records does.
    expect(off.taskLoops().map((loop) => loop.name)).toEqual(['plugin-records-sweep']);
    expect(off.reactions()).toBeUndefined();
    expect(off.routes().map((r) => [r.path, r.active])).toEqual([['/api/integrations/acme/callback', false]]);
    const on = host([carrier('acme')], { ACME_KEY: 'k' });
    expect(Object.keys(on.adapters())).toEqual(['acme/text', 'sms', 'acme/tags']);
    expect(on.taskLoops().map((loop) => loop.name)).toEqual(['plugin-records-sweep', 'acme/poll']);
    expect(on.routes()[0]!.active).toBe(true);
  });

  it('sweeps the expired records of every plugin', async () => {
    await store.pluginRecords.put({ plugin: 'acme', kind: 'seen', key: 'old', value: {}, expiresAt: NOW - 1 }, NOW - 10);
    await store.pluginRecords.put({ plugin: 'acme', kind: 'seen', key: 'new', value: {}, expiresAt: NOW + 60_000 }, NOW - 10);
    const [sweep] = host([carrier('acme')]).taskLoops();
    sweep!.start();
    await expect.poll(async () => (await tableRows<{ key: string }>(store, 'plugin_records')).map((r) => r.key)).toEqual(['new']);
    await sweep!.stop();
  });

  it('leaves a built-in channel with the first configured plugin serving it, and says so', () => {
    const both = host([carrier('acme'), carrier('bolt')], { ACME_KEY: 'k', BOLT_KEY: 'k' });
    const adapters = both.adapters();
    expect(adapters.sms).toBe(adapters['acme/text']);
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
});
