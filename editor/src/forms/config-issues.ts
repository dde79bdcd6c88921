import { friendlyIssues, type Locale } from '@journey/nodes';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api } from '../api/client.ts';
import { pathKey } from './schema-model.ts';

/** How long typing may pause before the config is checked. */
const CHECK_DELAY_MS = 250;

/** Issues by field path (`pathKey`), each in both languages. */
type LocalizedIssues = Record<string, { 'zh-CN': string; en: string }[]>;

/**
 * What is wrong with a node's config, by field path (`pathKey`), in `locale`, while it is edited:
 * checked by the server with the node type's own schema (`POST /api/node-types/check`) — the messages
 * publishing would give, for built-in and plugin node types alike. A check waits for typing to pause;
 * until its answer the last issues stay shown. A failed check shows nothing (publishing still checks).
 *
 * @example
 * ```ts
 * const issues = useConfigIssues('tag', { add: [], remove: [] }, 'zh-CN'); // soon { add: ['请至少添加或移除一个标签'] }
 * ```
 */
export function useConfigIssues(nodeType: string | undefined, config: unknown, locale: Locale): Record<string, string[]> {
  const [checked, setChecked] = useState<{ nodeType: string | undefined; issues: LocalizedIssues }>({ nodeType, issues: {} });
  useEffect(() => {
    if (!nodeType) return;
    let current = true;
    const timer = window.setTimeout(() => {
      api.checkNode(nodeType, config).then(
        ({ issues }) => {
          if (!current) return;
          const byPath: LocalizedIssues = {};
          for (const issue of issues) (byPath[pathKey(issue.path)] ??= []).push(issue.message);
          setChecked({ nodeType, issues: byPath });
        },
        () => undefined,
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [nodeType, config]);
  const issues = checked.nodeType === nodeType ? checked.issues : {};
  return Object.fromEntries(Object.entries(issues).map(([path, messages]) => [path, messages.map((m) => m[locale])]));
}

/**
 * What is wrong with `value` by `schema`, by field path (`pathKey`), in `locale`: the messages the
 * schema's own `localized` texts give, else zod's in that language.
 *
 * @example
 * ```ts
 * schemaIssues(journeySettingsSchema, { timezone: 'Mars/Base' }, 'en'); // { timezone: ['Unknown time zone'] }
 * ```
 */
export function schemaIssues(schema: z.ZodType, value: unknown, locale: Locale): Record<string, string[]> {
  const issues: Record<string, string[]> = {};
  for (const issue of friendlyIssues(schema, value)) (issues[pathKey(issue.path)] ??= []).push(issue.message[locale]);
  return issues;
}
