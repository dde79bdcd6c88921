import { triggerOf, type JourneySettingsInput, type Locale } from '@journey/nodes';
import type { JourneyFlowNode, NodeLibrary } from '../canvas/convert.ts';

/** The name a node shows: its label, else its type's title. */
export function nodeName(node: { label?: string | undefined; type?: string; data?: { label: string; nodeType: string } } | undefined, library: NodeLibrary, locale: Locale): string {
  if (!node) return '';
  const label = node.data ? node.data.label : node.label;
  const type = node.data ? node.data.nodeType : node.type;
  return label?.trim() || (type ? library[type]?.title[locale] : undefined) || type || '';
}

/** The name of a node's output port, or `undefined` when the node has one port only (nothing to tell). */
export function portName(nodeType: string, port: string | null, library: NodeLibrary, locale: Locale): string | undefined {
  if (port === null) return undefined;
  const description = library[nodeType];
  if (!description) return port;
  const fixed = Array.isArray(description.ports) ? description.ports : null;
  if (fixed && fixed.length < 2) return undefined;
  return description.portTitles[port]?.[locale] ?? port;
}

/** The journey's limits as the review lists them; `null` where one is not set. */
export function journeyLimits(settings: JourneySettingsInput) {
  return {
    timezone: settings.timezone ?? 'Asia/Shanghai',
    quietHours: settings.quietHours ?? null,
    frequencyCap: settings.frequencyCap ?? null,
    exitEvent: settings.exitEvent || null,
  };
}

/** The entries of the drawing (node types declaring a trigger) with what they enrol by. */
export function entriesOf(nodes: readonly JourneyFlowNode[], library: NodeLibrary) {
  return nodes.flatMap((node) => {
    const trigger = library[node.data.nodeType]?.trigger;
    const read = trigger ? triggerOf({ trigger }, node.data.config) : undefined;
    return read ? [{ node, trigger: read }] : [];
  });
}
