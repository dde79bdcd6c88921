import { validateGraph } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../node-types/builtin-registry.ts';
import { JOURNEY_TEMPLATES } from './journey-templates.ts';

describe('journey templates', () => {
  it.each(JOURNEY_TEMPLATES.map((t) => [t.key, t] as const))('%s is a valid journey', (_key, template) => {
    expect(validateGraph(template.graph, builtinRegistry).problems).toEqual([]);
  });

  it('have unique keys and text in both languages', () => {
    expect(new Set(JOURNEY_TEMPLATES.map((t) => t.key)).size).toBe(JOURNEY_TEMPLATES.length);
    for (const t of JOURNEY_TEMPLATES) {
      for (const text of [t.title, t.description]) expect(text['zh-CN'] && text.en).toBeTruthy();
    }
  });
});
