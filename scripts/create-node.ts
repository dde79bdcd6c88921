/**
 * `pnpm create-node <name>`: writes `plugins/<name>/`, a plugin with one node type — its spec (zod
 * config, ports, card line), its executor, a test on the SDK's harness and a README — that the server
 * loads at its next start and whose test passes as written.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_NAME } from '@journey/sdk';

/** The files of a new plugin named `name`, by file name. */
export function nodeTemplate(name: string): Record<string, string> {
  const type = name.replaceAll('-', '_');
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const title = name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  return {
    [`${name}.spec.ts`]: `import { channelField, defineNode, field, z } from '@journey/sdk';

/**
 * What the node is: its names, palette stage and icon, its config (the editor's form is generated from
 * the schema), its ports and its card line. Browser-safe: no server code here.
 */
export const ${camel}Spec = defineNode({
  type: '${type}',
  stage: 'operate',
  icon: '🧩',
  title: { 'zh-CN': '${title}', en: '${title}' },
  description: { 'zh-CN': '给联系人打标签，可再发一条消息', en: 'Tags the contact, and can send a message' },
  config: z.strictObject({
    tag: field(z.string().trim().min(1).max(50), { title: { 'zh-CN': '标签', en: 'Tag' }, widget: 'tag' }),
    channel: channelField(),
    message: field(z.string().trim().max(1000).default(''), {
      title: { 'zh-CN': '消息', en: 'Message' },
      help: { 'zh-CN': '留空则不发送；可插入 {{contact.name}} 等变量', en: 'Left empty, nothing is sent; variables such as {{contact.name}} are filled in' },
      widget: 'template',
    }),
  }),
  ports: ['out'],
  summaryTemplate: { 'zh-CN': '标签: {{tag}}{{?message}} · {{label channel}}{{/message}}', en: 'Tag: {{tag}}{{?message}} · {{label channel}}{{/message}}' },
});
`,
    [`${name}.execute.ts`]: `import { defineExecutor, type Effect } from '@journey/sdk';
import { ${camel}Spec } from './${name}.spec.ts';

/**
 * What the node does when a run reaches it. It does no I/O: it returns effects, which the runtime
 * commits with the step and delivers exactly once. \`config\` is typed from the spec's schema.
 */
export const ${camel}Node = defineExecutor(${camel}Spec, {
  execute: ({ config, render }) => {
    const effects: Effect[] = [{ kind: 'tags', add: [config.tag], remove: [] }];
    if (config.message) effects.push({ kind: 'message', channel: config.channel, title: '', body: render(config.message) });
    return { type: 'next', port: 'out', effects };
  },
});
`,
    'index.ts': `import { definePlugin } from '@journey/sdk';
import { ${camel}Node } from './${name}.execute.ts';

/** Loaded from plugins/${name}/ at start; journeys store the node as \`${name}/${type}\`. */
export default definePlugin({ name: '${name}', nodes: [${camel}Node] });
`,
    [`${name}.test.ts`]: `import { chainGraph, runJourney, runNode } from '@journey/sdk/testing';
import { describe, expect, it } from 'vitest';
import { ${camel}Node } from './${name}.execute.ts';
import plugin from './index.ts';

describe('${name}', () => {
  it('tags the contact and sends the message', async () => {
    const outcome = await runNode(${camel}Node, { config: { tag: 'vip', message: '你好 {{contact.name}}' }, contact: { name: '小王' } });
    expect(outcome).toEqual({
      type: 'next',
      port: 'out',
      effects: [
        { kind: 'tags', add: ['vip'], remove: [] },
        { kind: 'message', channel: 'wecom_private', title: '', body: '你好 小王' },
      ],
    });
  });

  it('runs in a journey', async () => {
    const graph = chainGraph([
      { id: 'entry', type: 'entry' },
      { id: 'node', type: '${name}/${type}', config: { tag: 'vip' } },
    ]);
    const result = await runJourney(graph, { plugins: [plugin], events: [{ contactId: 'c1', type: 'contact.acquired' }] });
    expect(result.runOf('c1')).toMatchObject({ status: 'completed', path: ['entry', 'node'] });
    expect(result.contacts.c1!.tags).toEqual(['vip']);
  });
});
`,
    'README.md': `# ${title}

A journey node, \`${name}/${type}\` in journeys: it tags the contact and can send a message.

| file | what it is |
|---|---|
| \`${name}.spec.ts\` | the node type: names, stage, icon, zod config (the editor's form), ports, card line |
| \`${name}.execute.ts\` | what it does: \`(ctx) => outcome\`, no I/O — effects are committed with the step |
| \`index.ts\` | the plugin, \`definePlugin({ name, nodes, channels })\` |
| \`${name}.test.ts\` | its tests, on the SDK's harness |

- Test it: \`pnpm vitest run plugins/${name}\` (it is part of \`pnpm test\` too).
- Load it: the server and every worker load each folder under \`plugins/\` at start; restart them. A
  plugin that fails to load is reported in \`GET /api/health\` and left out.
- The contract (\`defineNode\`, \`defineExecutor\`, \`defineChannel\`, \`definePlugin\`) is \`@journey/sdk\`;
  the harness (\`runNode\`, \`runJourney\`) is \`@journey/sdk/testing\`. See "Write your own node" in the
  repository's README.
`,
  };
}

/**
 * Writes the plugin `name` into `pluginsDir/<name>/` and returns the paths written.
 * @throws Error when the name is not a plugin name or the folder already exists
 */
export function scaffoldNode(name: string, pluginsDir: string): string[] {
  // The node is stored as <name>/<name as snake_case>, and node types have at most 50 characters.
  if (!PLUGIN_NAME.test(name) || name.length > 24) {
    throw new Error(`"${name}" cannot name a plugin: use lowercase letters, digits and -, starting with a letter (at most 24), e.g. vip-check`);
  }
  const dir = join(pluginsDir, name);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  mkdirSync(dir, { recursive: true });
  return Object.entries(nodeTemplate(name)).map(([file, text]) => {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) {
    console.error('Usage: pnpm create-node <name>   (e.g. pnpm create-node vip-check)');
    process.exit(1);
  }
  try {
    const written = scaffoldNode(name, resolve('plugins'));
    console.log(`Created plugins/${name}/:\n${written.map((p) => `  ${relative(process.cwd(), p)}`).join('\n')}`);
    console.log(`\nTest it with: pnpm vitest run plugins/${name}\nThe server loads it at its next start.`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
