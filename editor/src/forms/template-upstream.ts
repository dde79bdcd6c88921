import type { JourneyFlowEdge, JourneyFlowNode } from '../canvas/convert.ts';

/** The nearest node upstream of a message that fills part of its template: an offer, a referral code. */
export interface UpstreamNode {
  nodeId: string;
  label: string;
  config: Record<string, unknown>;
}

/** What the nodes before a message put into its template context (`offer.*`, `referral.*`). */
export interface TemplateUpstream {
  offer: UpstreamNode | null;
  referral: UpstreamNode | null;
}

export const NO_UPSTREAM: TemplateUpstream = { offer: null, referral: null };

/**
 * The offer and referral nodes nearest before `nodeId` (walking edges backwards, breadth first): the run
 * context a template at that node renders with comes from them.
 *
 * @example
 * ```ts
 * templateUpstream(nodes, edges, 'push').offer?.config.name; // "新人券"
 * ```
 */
export function templateUpstream(nodes: readonly JourneyFlowNode[], edges: readonly JourneyFlowEdge[], nodeId: string): TemplateUpstream {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const into = new Map<string, string[]>();
  for (const edge of edges) into.set(edge.target, [...(into.get(edge.target) ?? []), edge.source]);
  const found: TemplateUpstream = { offer: null, referral: null };
  const seen = new Set([nodeId]);
  let frontier = [nodeId];
  while (frontier.length > 0 && (!found.offer || !found.referral)) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const source of into.get(id) ?? []) {
        if (seen.has(source)) continue;
        seen.add(source);
        next.push(source);
        const node = byId.get(source);
        if (!node) continue;
        const upstream = { nodeId: node.id, label: node.data.label, config: node.data.config };
        if (node.data.nodeType === 'offer') found.offer ??= upstream;
        if (node.data.nodeType === 'referral_reward') found.referral ??= upstream;
      }
    }
    frontier = next;
  }
  return found;
}
