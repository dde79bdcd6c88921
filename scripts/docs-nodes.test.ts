import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinSpecs } from '../nodes/src/index.ts';
import { REFERENCE_FILES, renderNodeReference, repositoryPlugins } from './docs-nodes.ts';

const root = resolve(import.meta.dirname, '..');

describe('the node reference', () => {
  it('is what pnpm docs:nodes writes today, in both languages (run it after changing a node)', async () => {
    const { plugins, problems } = await repositoryPlugins(root);
    expect(problems).toEqual([]);
    for (const [locale, file] of Object.entries(REFERENCE_FILES) as [keyof typeof REFERENCE_FILES, string][]) {
      const committed = readFileSync(join(root, file), 'utf8');
      expect(committed === renderNodeReference(builtinSpecs, plugins, locale), `${file} is stale: run pnpm docs:nodes`).toBe(true);
    }
  });

  it('lists every node type with its stage, ports, fields, defaults and option labels', () => {
    const en = renderNodeReference(builtinSpecs, [], 'en');
    for (const spec of builtinSpecs) expect(en).toContain(`#### ${spec.title.en} (\`${spec.type}\`)`);
    expect(en).toContain('- Ports: `matched` Matched, `timeout` Timeout');
    expect(en).toContain('| `timeout.days` | Days | integer 0–100000 | `0` |');
    expect(en).toContain('`after_exit` Again after exit');
    expect(en).toContain('| `rules[].tag` (kind `tag`) (required) | Tag | text (1–50 characters), pattern `^[^\\p{C}\\p{Zl}\\p{Zp}]+$` | — |');
    const zh = renderNodeReference(builtinSpecs, [], 'zh-CN');
    expect(zh).toContain('#### 等待事件 (`wait_event`)');
    expect(zh).toContain('| `reward.kind` | 奖励类型 | 以下之一：`points` 积分, `coupon` 优惠券, `balance` 余额 | `"points"` |');
  });
});
