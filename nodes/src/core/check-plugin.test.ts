import { describe, expect, it } from 'vitest';
import { defineExecutor, defineNode, definePlugin, z } from '../sdk.ts';
import { checkPlugin } from './check-plugin.ts';

const spec = defineNode({
  type: 'open_group',
  stage: 'refer',
  icon: '👥',
  title: { 'zh-CN': '开团', en: 'Open a group' },
  description: { 'zh-CN': '开团', en: 'Opens a group' },
  config: z.strictObject({ event: z.string().default('mall.group_opened') }),
  ports: ['formed', 'failed'],
  trigger: { event: { field: 'event' } },
  goal: { ports: ['formed'] },
  summaryTemplate: { 'zh-CN': '开团', en: 'Open a group' },
});
const node = defineExecutor(spec, { execute: () => ({ type: 'next', port: 'formed' }) });

describe('checkPlugin', () => {
  it('accepts what definePlugin makes', () => {
    const plugin = definePlugin({ name: 'group-buy', nodes: [node] });
    expect(checkPlugin(plugin)).toEqual({ ok: true, plugin });
  });

  it('names every field at fault', () => {
    const checked = checkPlugin({ name: 'Group Buy', nodes: [{ spec: { ...spec, stage: 'nowhere', config: {} }, execute: 'no' }], channels: [{ kind: 'sms' }] });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: must be lowercase/),
        expect.stringMatching(/^nodes\.0\.spec\.stage: /),
        'nodes.0.spec.config: must be a zod schema (z from @journey/sdk)',
        'nodes.0.execute: must be a function',
        expect.stringMatching(/^channels\.0\.kind: /),
      ]),
    );
  });

  it('checks the declarations against the config and ports, and names that repeat or are too long', () => {
    const bad = { ...node, spec: { ...spec, trigger: { event: { field: 'evnt' } }, goal: { ports: ['formd'] }, summaryTemplate: { 'zh-CN': '{{?a}}', en: 'ok' } } };
    const long = { ...node, spec: { ...spec, type: 'x'.repeat(45) } };
    const checked = checkPlugin({ name: 'group-buy', nodes: [bad, node, node, long] });
    expect(!checked.ok && checked.problems).toEqual([
      'nodes.0.spec.trigger.event: the config has no field "evnt"',
      'nodes.0.spec.goal.ports: "formd" is not one of the ports',
      'nodes.0.spec.summaryTemplate.zh-CN: {{a}} is never closed',
      'nodes.1.spec.type: the plugin declares node type "open_group" twice',
      'nodes.2.spec.type: the plugin declares node type "open_group" twice',
      `nodes.3.spec.type: "group-buy/${'x'.repeat(45)}" is longer than 50 characters`,
    ]);
  });

  it('checks the settings a plugin declares, and keeps /settings for the runtime', () => {
    const label = { 'zh-CN': '密钥', en: 'Key' };
    const checked = checkPlugin({
      name: 'acme',
      nodes: [],
      settings: [
        { name: 'ACME_KEY', label, secret: true },
        { name: 'acme-url', label, secret: false },
        { name: 'ACME_KEY', label, secret: true },
        { name: 'ACME_ID', label },
      ],
      routes: [{ method: 'GET', path: '/settings', access: 'admin', handle: async () => new Response() }],
    });
    expect(!checked.ok && checked.problems).toEqual([
      "routes.0.path: /settings is the runtime's route for the plugin's settings",
      'settings.1.name: must be upper-case letters, digits and _, starting with a letter',
      'settings.3.secret: must say whether the setting is a secret (true or false)',
    ]);
    const fine = checkPlugin({ name: 'acme', nodes: [], settings: [{ name: 'ACME_KEY', label, secret: true }, { name: 'ACME_KEY', label, secret: false }] });
    expect(!fine.ok && fine.problems).toEqual(['settings.1.name: the plugin declares setting "ACME_KEY" twice']);
  });
});
