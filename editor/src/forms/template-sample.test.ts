import { describe, expect, it } from 'vitest';
import type { JourneyFlowEdge, JourneyFlowNode } from '../canvas/convert.ts';
import { riskyVariables, templateSample } from './template-sample.ts';
import { NO_UPSTREAM, templateUpstream } from './template-upstream.ts';

const node = (id: string, nodeType: string, config: Record<string, unknown> = {}, label = ''): JourneyFlowNode => ({
  id,
  type: 'step',
  position: { x: 0, y: 0 },
  data: { nodeType, label, config },
});
const edge = (source: string, target: string): JourneyFlowEdge => ({ id: `${source}-${target}`, source, target, sourceHandle: 'out', type: 'journey' });

describe('template samples', () => {
  const nodes = [node('entry', 'entry'), node('offer', 'offer', { name: '新人满减', value: 20, threshold: 100, expiresInDays: 3 }, '新人券'), node('push', 'content_push')];
  const edges = [edge('entry', 'offer'), edge('offer', 'push')];

  it('finds the offer before a message and previews its name, value and expiry', () => {
    const upstream = templateUpstream(nodes, edges, 'push');
    expect(upstream.offer?.nodeId).toBe('offer');
    const sample = templateSample('zh-CN', upstream, Date.UTC(2026, 0, 1));
    expect(sample.offerFrom).toBe('新人券');
    expect(sample.context.offer).toMatchObject({ name: '新人满减', value: 20, threshold: 100, terms: '满 100 减 20', expiresOn: '2026-01-04' });
    expect(templateSample('zh-CN', templateUpstream([node('gift', 'offer', { kind: 'gift', name: '帆布袋' }), node('push', 'content_push')], [edge('gift', 'push')], 'push')).context.offer).toMatchObject({ name: '帆布袋', kind: 'gift', terms: '' });
    expect(templateUpstream(nodes, edges, 'offer').offer).toBeNull();
  });

  it('warns of contact fields without a fallback and offer values nothing upstream fills', () => {
    expect(riskyVariables('你好 {{contact.name}} {{contact.id}} {{offer.code}}', NO_UPSTREAM)).toEqual([
      { path: 'contact.name', reason: 'no_fallback' },
      { path: 'offer.code', reason: 'no_source' },
    ]);
    expect(riskyVariables('你好 {{contact.name | 朋友}} {{offer.code}}', templateUpstream(nodes, edges, 'push'))).toEqual([]);
  });
});
