import { z } from 'zod';
import { LOCALES, STAGES, type AnyNodeSpec } from './define-node.ts';
import { PLUGIN_NAME, SETTING_NAME, SETTINGS_PATH, namespaced, type PluginDefinition } from './define-plugin.ts';
import { REENTRY_MODES } from './node-behaviour.ts';
import { CHANNELS } from './vocabulary.ts';
import { parseSummaryTemplate } from './summary-template.ts';

const text = z.strictObject(Object.fromEntries(LOCALES.map((locale) => [locale, z.string()])) as Record<(typeof LOCALES)[number], z.ZodString>);
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'must be a function' });
const zodSchema = z.custom<z.ZodType>((v) => v instanceof z.ZodType, { message: 'must be a zod schema (z from @journey/sdk)' });
const snake = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, { message: 'must be snake_case, starting with a letter' });
const configField = z.strictObject({ field: z.string() });

// A plugin's objects may carry more than these (a spec its derived `summary`): only these are checked, and
// the plugin is used as exported. The declarations inside are strict, so a misspelt key is reported.
const specShape = z.looseObject({
  type: snake,
  stage: z.enum(STAGES),
  title: text,
  description: text,
  icon: z.string().min(1),
  config: zodSchema,
  ports: z.union([z.array(z.string().min(1).max(50)), z.strictObject({ fromConfig: z.string() })]),
  portTitles: z.record(z.string(), text).optional(),
  trigger: z
    .strictObject({
      event: z.union([configField, z.strictObject({ type: z.string().min(1) })]),
      sources: z.strictObject({ field: z.string(), property: z.string().optional() }).optional(),
      reentry: z.union([configField, z.strictObject({ mode: z.enum(REENTRY_MODES) })]).optional(),
    })
    .optional(),
  goal: z.union([z.literal(true), z.strictObject({ ports: z.array(z.string()) })]).optional(),
  waits: z.boolean().optional(),
  minimumWait: z
    .strictObject({ field: z.string(), when: z.strictObject({ field: z.string(), equals: z.array(z.string()) }).optional() })
    .optional(),
  summaryTemplate: text.optional(),
});

const channelBase = {
  name: snake,
  title: text,
  honoursIdempotencyKey: z.boolean({ message: 'must say whether the outside system honours idempotency keys (true or false)' }),
  timeoutMs: z.number().int().min(100).max(300_000).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  deliver: fn,
};

const pluginShape = z.looseObject({
  name: z.string().regex(PLUGIN_NAME, { message: 'must be lowercase letters, digits and -, starting with a letter (at most 30)' }),
  title: text.optional(),
  nodes: z.array(z.looseObject({ spec: specShape, execute: fn, maxAttempts: z.number().int().min(1).max(100).optional() })),
  channels: z
    .array(
      z.discriminatedUnion('kind', [
        z.looseObject({ kind: z.literal('message'), serves: z.array(z.enum(CHANNELS)).optional(), templates: fn.optional(), configured: fn.optional(), ...channelBase }),
        z.looseObject({ kind: z.literal('call'), payload: zodSchema, effect: fn, ...channelBase }),
      ]),
    )
    .optional(),
  configured: fn.optional(),
  routes: z
    .array(
      z.strictObject({
        method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
        path: z
          .string()
          .regex(/^(\/[A-Za-z0-9_.:-]+)+$/, { message: 'must start with / and hold letters, digits, _ . - and :params' })
          .refine((path) => path !== SETTINGS_PATH, { message: `${SETTINGS_PATH} is the runtime's route for the plugin's settings` }),
        access: z.enum(['public', 'admin', 'read', 'ingest']),
        summary: z.string().optional(),
        handle: fn,
      }),
    )
    .optional(),
  settings: z
    .array(
      z.strictObject({
        name: z.string().regex(SETTING_NAME, { message: 'must be upper-case letters, digits and _, starting with a letter' }),
        label: text,
        secret: z.boolean({ message: 'must say whether the setting is a secret (true or false)' }),
        help: text.optional(),
        group: text.optional(),
      }),
    )
    .optional(),
  configurationProblems: fn.optional(),
  tasks: z.array(z.strictObject({ name: snake, everyMs: z.number().int().min(100), run: fn })).optional(),
  reactions: z.strictObject({ tags: fn.optional() }).optional(),
  status: fn.optional(),
});

/**
 * Checks that a module's export is a plugin `definePlugin` could have made, and that what its specs
 * declare holds together (namespaced types fit, trigger fields and goal ports exist, templates parse).
 * Returns the plugin, or every problem found, each with where it is (`nodes.0.spec.stage: …`).
 *
 * @example
 * ```ts
 * const checked = checkPlugin((await import(path)).default);
 * if (!checked.ok) report(path, checked.problems.join('; '));
 * ```
 */
export function checkPlugin(value: unknown): { ok: true; plugin: PluginDefinition } | { ok: false; problems: string[] } {
  const parsed = pluginShape.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(plugin)'}: ${issue.message}`) };
  }
  const plugin = value as PluginDefinition;
  const problems: string[] = [];
  const types = new Set<string>();
  plugin.nodes.forEach(({ spec }, i) => {
    const at = `nodes.${i}.spec`;
    if (types.has(spec.type)) problems.push(`${at}.type: the plugin declares node type "${spec.type}" twice`);
    types.add(spec.type);
    if (namespaced(plugin.name, spec.type).length > 50) problems.push(`${at}.type: "${namespaced(plugin.name, spec.type)}" is longer than 50 characters`);
    problems.push(...declarationProblems(spec).map((p) => `${at}.${p}`));
  });
  const channels = new Set<string>();
  plugin.channels?.forEach((channel, i) => {
    if (channels.has(channel.name)) problems.push(`channels.${i}.name: the plugin declares channel "${channel.name}" twice`);
    channels.add(channel.name);
  });
  const settings = new Set<string>();
  plugin.settings?.forEach((setting, i) => {
    if (settings.has(setting.name)) problems.push(`settings.${i}.name: the plugin declares setting "${setting.name}" twice`);
    settings.add(setting.name);
  });
  return problems.length ? { ok: false, problems } : { ok: true, plugin };
}

/** What a spec declares that must agree with its config and ports. */
function declarationProblems(spec: AnyNodeSpec): string[] {
  const problems: string[] = [];
  const fields = (spec.config as unknown as { shape?: Record<string, unknown> }).shape;
  const checkField = (where: string, part: { field: string } | object | undefined) => {
    if (part && 'field' in part && fields && !(part.field in fields)) problems.push(`${where}: the config has no field "${part.field}"`);
  };
  checkField('trigger.event', spec.trigger?.event);
  checkField('trigger.sources', spec.trigger?.sources);
  checkField('trigger.reentry', spec.trigger?.reentry);
  if (spec.goal && spec.goal !== true && Array.isArray(spec.ports)) {
    for (const port of spec.goal.ports) if (!spec.ports.includes(port)) problems.push(`goal.ports: "${port}" is not one of the ports`);
  }
  for (const locale of LOCALES) {
    const template = spec.summaryTemplate?.[locale];
    if (template === undefined) continue;
    try {
      parseSummaryTemplate(template);
    } catch (err) {
      problems.push(`summaryTemplate.${locale}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}
