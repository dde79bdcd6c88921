import { builtinSpecs, describeNodeType, NodeRegistry, validateGraph } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { layoutPositions } from '../../canvas/auto-layout.ts';
import { graphToFlow } from '../../canvas/convert.ts';
import { JOURNEY_TEMPLATES } from './journey-templates.ts';

const builtinRegistry = new NodeRegistry(builtinSpecs);
const library = Object.fromEntries(builtinSpecs.map((spec) => [spec.type, describeNodeType(spec)]));

describe('journey templates', () => {
  it.each(JOURNEY_TEMPLATES.map((t) => [t.key, t] as const))('%s is a valid journey', (_key, template) => {
    expect(validateGraph(template.graph, builtinRegistry).problems).toEqual([]);
  });

  it.each(JOURNEY_TEMPLATES.map((t) => [t.key, t] as const))('%s is drawn as auto-layout lays it out, top to bottom', async (_key, template) => {
    const { nodes, edges } = graphToFlow(template.graph, library);
    const laid = await layoutPositions(nodes, edges);
    expect(Object.fromEntries(template.graph.nodes.map((n) => [n.id, n.position]))).toEqual(laid);
  });

  it('draw the butterfly model as the model: sources fan in to one path, which fans out to referral and repurchase', () => {
    const { graph } = JOURNEY_TEMPLATES.find((t) => t.key === 'butterfly-model')!;
    const at = (id: string) => graph.nodes.find((n) => n.id === id)!.position;
    const entries = graph.nodes.filter((n) => n.type === 'entry');
    expect(entries.length).toBeGreaterThanOrEqual(4);
    // Big to small: every source side by side on the top row, their one path centred beneath them.
    expect(new Set(entries.map((n) => n.position.y))).toEqual(new Set([Math.min(...graph.nodes.map((n) => n.position.y))]));
    const xs = entries.map((n) => n.position.x);
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(at('welcome_tag').x, -1);
    for (const id of ['welcome', 'content', 'trial_offer', 'first_order']) expect(at(id).x).toBe(at('welcome_tag').x);
    // Small to big: after the first order, referral and repurchase go their own ways, side by side.
    expect(at('referral').y).toBe(at('upsell').y);
    expect(at('referral').x).toBeLessThan(at('upsell').x - 220);
    expect(at('repurchase').y).toBeGreaterThan(at('upsell').y);
    expect(at('referral').y).toBeGreaterThan(at('first_order_goal').y);
  });

  it('have unique keys and text in both languages', () => {
    expect(new Set(JOURNEY_TEMPLATES.map((t) => t.key)).size).toBe(JOURNEY_TEMPLATES.length);
    for (const t of JOURNEY_TEMPLATES) {
      for (const text of [t.title, t.description]) expect(text['zh-CN'] && text.en).toBeTruthy();
    }
  });
});
