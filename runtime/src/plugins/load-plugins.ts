import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkPlugin,
  namespaced,
  namespacedNodes,
  type AnyNodeSpec,
  type ChannelDefinition,
  type LocalizedText,
  type PluginDefinition,
} from '@journey/nodes';
import type { NodeExecutor } from '@journey/nodes/server';

/** Where plugins come from. */
export interface PluginSources {
  /** Each folder in it is a plugin (default `<cwd>/plugins`; a missing folder holds none). */
  dir?: string;
  /** `JOURNEY_PLUGINS`: comma-separated package names, or paths (to a folder or a module) from `cwd`. */
  list?: string | undefined;
  /** Where relative paths start (default `process.cwd()`). */
  cwd?: string;
}

/** A plugin that loaded: its node types and channels, namespaced. */
export interface LoadedPlugin {
  name: string;
  title: LocalizedText;
  /** The folder or module it was loaded from, or the package name. */
  source: string;
  /** Its executors, their specs' types namespaced (`points/award`), for the executor and node registries. */
  nodes: NodeExecutor<AnyNodeSpec>[];
  /** Its channels with their names namespaced (`points/ledger`). */
  channels: ChannelDefinition[];
  /** The plugin as it exported it: its routes, tasks, reactions and status (see `PluginHost`). */
  definition: PluginDefinition;
}

/** A plugin left out, and why: for the log and `GET /api/health`. */
export interface PluginProblem {
  /** The plugin's name when its export said it, else the folder or package it came from. */
  name: string;
  source: string;
  /** `load_failed`: the module threw or could not be found; `invalid`: its export is not a plugin; `clash`: a name is taken. */
  code: 'load_failed' | 'invalid' | 'clash';
  message: string;
}

/** What the loader found: the plugins to use and the ones left out. */
export interface PluginLoadResult {
  plugins: LoadedPlugin[];
  problems: PluginProblem[];
}

/**
 * Loads every plugin of `sources`: each folder of `dir` (its `package.json` entry, else `index.ts` or
 * `index.js`), then each entry of `list`. A plugin is its module's default export (or its `plugin`
 * export), checked as `definePlugin` would make it, with its node types and channels namespaced by its
 * name. Never throws: a module that fails to load, an export that is not a plugin, a plugin whose name is
 * already used or one of whose node types is already registered (`takenTypes`: the built-ins) is reported
 * in `problems` by name and path and left out.
 *
 * @example
 * ```ts
 * const { plugins, problems } = await loadPlugins({ list: process.env.JOURNEY_PLUGINS }, builtinSpecs.map((s) => s.type));
 * for (const p of problems) logger.error(p, 'plugin left out');
 * const executors = new ExecutorRegistry([...builtinExecutors, ...plugins.flatMap((p) => p.nodes)]);
 * ```
 */
export async function loadPlugins(sources: PluginSources, takenTypes: Iterable<string>): Promise<PluginLoadResult> {
  const cwd = sources.cwd ?? process.cwd();
  const taken = new Set(takenTypes);
  const names = new Map<string, string>();
  const result: PluginLoadResult = { plugins: [], problems: [] };
  for (const candidate of [...folderCandidates(resolve(cwd, sources.dir ?? 'plugins')), ...listCandidates(sources.list, cwd)]) {
    const outcome = await load(candidate);
    if ('problem' in outcome) {
      result.problems.push(outcome.problem);
      continue;
    }
    const { plugin, source } = outcome;
    const owner = names.get(plugin.name);
    const nodes = namespacedNodes(plugin);
    const clashing = nodes.map((n) => n.spec.type).filter((type) => taken.has(type));
    if (owner !== undefined || clashing.length > 0) {
      const message =
        owner !== undefined
          ? `Another plugin named "${plugin.name}" is already loaded from ${owner}`
          : `Node type${clashing.length > 1 ? 's' : ''} ${clashing.map((t) => `"${t}"`).join(', ')} ${clashing.length > 1 ? 'are' : 'is'} already registered`;
      result.problems.push({ name: plugin.name, source, code: 'clash', message });
      continue;
    }
    names.set(plugin.name, source);
    for (const node of nodes) taken.add(node.spec.type);
    result.plugins.push({
      name: plugin.name,
      title: plugin.title ?? { 'zh-CN': plugin.name, en: plugin.name },
      source,
      nodes,
      channels: (plugin.channels ?? []).map((channel) => ({ ...channel, name: namespaced(plugin.name, channel.name) })),
      definition: plugin,
    });
  }
  return result;
}

/** Something to load: a module file, or what is missing to find one (a problem). */
type Candidate = { label: string; source: string } & ({ file: string } | { missing: string });

function folderCandidates(dir: string): Candidate[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => folderCandidate(entry.name, join(dir, entry.name)));
}

function listCandidates(list: string | undefined, cwd: string): Candidate[] {
  return (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): Candidate => {
      const isPath = entry.startsWith('.') || isAbsolute(entry);
      if (!isPath) {
        const dir = packageDir(entry, cwd);
        return dir ? folderCandidate(entry, dir) : { label: entry, source: entry, missing: `The package is not installed (no node_modules/${entry} from ${cwd} up)` };
      }
      const path = resolve(cwd, entry);
      if (existsSync(path) && statSync(path).isDirectory()) return folderCandidate(basename(path), path);
      return { label: basename(path).replace(/\.[cm]?[jt]s$/, ''), source: path, file: path };
    });
}

/** Where package `name` is installed, looking in `node_modules` from `cwd` up, as Node does. */
function packageDir(name: string, cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A plugin folder's entry: its package.json's `exports` or `main`, else `index.ts`, `index.js` or `index.mjs`. */
function folderCandidate(label: string, dir: string): Candidate {
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: unknown };
      const entry = exportEntry(pkg.exports) ?? (typeof pkg.main === 'string' ? pkg.main : undefined);
      if (entry) return { label, source: dir, file: join(dir, entry) };
    } catch (err) {
      return { label, source: dir, missing: `package.json cannot be read: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const index = ['index.ts', 'index.js', 'index.mjs'].map((f) => join(dir, f)).find((f) => existsSync(f));
  return index ? { label, source: dir, file: index } : { label, source: dir, missing: 'The folder has no index.ts, index.js or package.json entry' };
}

function exportEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (typeof exports !== 'object' || exports === null) return undefined;
  const root = '.' in exports ? (exports as Record<string, unknown>)['.'] : exports;
  if (typeof root === 'string') return root;
  if (typeof root !== 'object' || root === null) return undefined;
  const conditions = root as Record<string, unknown>;
  for (const key of ['import', 'default', 'node']) {
    const found = exportEntry(conditions[key]);
    if (found) return found;
  }
  return undefined;
}

async function load(candidate: Candidate): Promise<{ plugin: PluginDefinition; source: string } | { problem: PluginProblem }> {
  const { label, source } = candidate;
  if ('missing' in candidate) return { problem: { name: label, source, code: 'load_failed', message: candidate.missing } };
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(candidate.file).href)) as Record<string, unknown>;
  } catch (err) {
    return { problem: { name: label, source, code: 'load_failed', message: err instanceof Error ? err.message : String(err) } };
  }
  const exported = module.default ?? module.plugin;
  const checked = checkPlugin(exported);
  if (!checked.ok) {
    const name = typeof (exported as { name?: unknown } | undefined)?.name === 'string' ? (exported as { name: string }).name : label;
    const message = exported === undefined ? 'The module exports no plugin (export default definePlugin({ … }))' : `Not a plugin: ${checked.problems.join('; ')}`;
    return { problem: { name, source, code: 'invalid', message } };
  }
  return { plugin: checked.plugin, source };
}
