import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { builtinSpecs } from '@journey/nodes';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugins } from './load-plugins.ts';

const repo = resolve(import.meta.dirname, '../../..');
const BUILTIN_TYPES = builtinSpecs.map((s) => s.type);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with `files` written into it and the SDK installed (a link to this repository's). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plugins-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(repo, 'node_modules', '@journey'), join(dir, 'node_modules', '@journey'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A plugin module named `name` with one node type `type`. */
const plugin = (name: string, type = 'award') => `
import { defineChannel, defineExecutor, defineNode, definePlugin, z } from '@journey/sdk';
const ledger = defineChannel({
  kind: 'call', name: 'ledger', title: { 'zh-CN': '积分账户', en: 'Points ledger' }, honoursIdempotencyKey: true,
  payload: z.strictObject({ contactId: z.string(), points: z.number() }),
  deliver: async () => undefined,
});
const spec = defineNode({
  type: '${type}', stage: 'repurchase', icon: '⭐', ports: ['out'],
  title: { 'zh-CN': '奖励积分', en: 'Award points' }, description: { 'zh-CN': '给积分', en: 'Awards points' },
  config: z.strictObject({ points: z.number().int().default(10) }),
});
const node = defineExecutor(spec, {
  execute: ({ config, contact }) => ({ type: 'next', port: 'out', effects: [ledger.effect({ contactId: contact.id, points: config.points })] }),
});
export default definePlugin({ name: '${name}', title: { 'zh-CN': '积分', en: 'Points' }, nodes: [node], channels: [ledger] });
`;

describe('loadPlugins', () => {
  it('loads each plugin folder, namespacing its node types and channels', async () => {
    const cwd = project({ 'plugins/points/index.ts': plugin('points'), 'plugins/.hidden/index.ts': 'throw new Error("never loaded")', 'plugins/README.md': '# plugins' });
    const { plugins, problems } = await loadPlugins({ cwd }, BUILTIN_TYPES);
    expect(problems).toEqual([]);
    expect(plugins).toHaveLength(1);
    const [points] = plugins;
    expect(points).toMatchObject({ name: 'points', title: { en: 'Points' }, source: join(cwd, 'plugins/points') });
    expect(points!.nodes.map((n) => n.spec.type)).toEqual(['points/award']);
    expect(points!.channels.map((c) => [c.name, c.kind, c.honoursIdempotencyKey])).toEqual([['points/ledger', 'call', true]]);
    const outcome = await points!.nodes[0]!.execute({ config: { points: 5 }, contact: { id: 'c1' } } as never);
    expect(outcome).toEqual({ type: 'next', port: 'out', effects: [{ kind: 'call', channel: 'ledger', payload: { contactId: 'c1', points: 5 } }] });
  });

  it('reports a broken plugin, an invalid export and a folder without an entry by name and path, and loads the rest', async () => {
    const cwd = project({
      'plugins/a-good/index.ts': plugin('a-good'),
      'plugins/broken/index.ts': `import './missing-file.ts';\nexport default {};`,
      'plugins/throws/index.js': `throw new Error('WECOM_SECRET is not set');`,
      'plugins/not-a-plugin/index.ts': `export default { name: 'Not A Plugin', nodes: [{ spec: { type: 'x', stage: 'nowhere' } }] };`,
      'plugins/no-export/index.ts': `export const something = 1;`,
      'plugins/empty/notes.txt': 'nothing to load',
    });
    const { plugins, problems } = await loadPlugins({ cwd }, BUILTIN_TYPES);
    expect(plugins.map((p) => p.name)).toEqual(['a-good']);
    const byName = Object.fromEntries(problems.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['Not A Plugin', 'broken', 'empty', 'no-export', 'throws']);
    expect(byName.broken).toMatchObject({ source: join(cwd, 'plugins/broken'), code: 'load_failed', message: expect.stringContaining('missing-file') });
    expect(byName.throws).toMatchObject({ code: 'load_failed', message: 'WECOM_SECRET is not set' });
    expect(byName.empty).toMatchObject({ code: 'load_failed', message: 'The folder has no index.ts, index.js or package.json entry' });
    expect(byName['no-export']).toMatchObject({ code: 'invalid', message: 'The module exports no plugin (export default definePlugin({ … }))' });
    expect(byName['Not A Plugin']!.code).toBe('invalid');
    expect(byName['Not A Plugin']!.message).toMatch(/^Not a plugin: name: must be lowercase letters/);
    expect(byName['Not A Plugin']!.message).toContain('nodes.0.spec.stage');
    expect(byName['Not A Plugin']!.message).toContain('nodes.0.execute: must be a function');
  });

  it('reports a plugin whose name is taken, or whose node types are already registered, and leaves it out', async () => {
    const cwd = project({
      'plugins/points/index.ts': plugin('points'),
      'plugins/points-copy/index.ts': plugin('points', 'bonus'),
      'plugins/wecom/index.ts': plugin('wecom', 'welcome'),
    });
    const { plugins, problems } = await loadPlugins({ cwd }, [...BUILTIN_TYPES, 'wecom/welcome']);
    expect(plugins.map((p) => p.name)).toEqual(['points']);
    expect(problems).toEqual([
      { name: 'points', source: join(cwd, 'plugins/points-copy'), code: 'clash', message: `Another plugin named "points" is already loaded from ${join(cwd, 'plugins/points')}` },
      { name: 'wecom', source: join(cwd, 'plugins/wecom'), code: 'clash', message: 'Node type "wecom/welcome" is already registered' },
    ]);
  });

  it('loads JOURNEY_PLUGINS entries: package names, folder and module paths', async () => {
    const cwd = project({
      'node_modules/journey-plugin-crm/package.json': JSON.stringify({ name: 'journey-plugin-crm', type: 'module', exports: { '.': { import: './src/main.ts' } } }),
      'node_modules/journey-plugin-crm/src/main.ts': plugin('crm', 'sync'),
      'vendor/tickets/index.ts': plugin('tickets', 'open_ticket'),
      'vendor/survey.ts': plugin('survey', 'ask'),
    });
    const list = ' journey-plugin-crm, ./vendor/tickets ,vendor-missing,./vendor/survey.ts,, ./vendor/gone.ts';
    const { plugins, problems } = await loadPlugins({ cwd, list }, BUILTIN_TYPES);
    expect(plugins.map((p) => [p.name, p.source, p.nodes[0]!.spec.type])).toEqual([
      ['crm', join(cwd, 'node_modules/journey-plugin-crm'), 'crm/sync'],
      ['tickets', join(cwd, 'vendor/tickets'), 'tickets/open_ticket'],
      ['survey', join(cwd, 'vendor/survey.ts'), 'survey/ask'],
    ]);
    expect(problems.map((p) => [p.name, p.source, p.code])).toEqual([
      ['vendor-missing', 'vendor-missing', 'load_failed'],
      ['gone', join(cwd, 'vendor/gone.ts'), 'load_failed'],
    ]);
    expect(problems[0]!.message).toMatch(/not installed/);
  });

  it('finds nothing when there is no plugins folder and no list', async () => {
    expect(await loadPlugins({ cwd: project({}) }, BUILTIN_TYPES)).toEqual({ plugins: [], problems: [] });
  });
});
