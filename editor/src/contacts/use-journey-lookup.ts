import type { NodeTypeDescription } from '@journey/nodes';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useLocale } from '../i18n/i18n.ts';

interface JourneyInfo {
  name: string;
  /** Node labels, types and configs by version, then node id. */
  nodes: Map<number, Map<string, { label?: string | undefined; type: string; config: Record<string, unknown> }>>;
}

/** Names for what runs, steps and messages refer to by id. */
export interface JourneyLookup {
  /** The journey's name; its id only while it is being read or when it was deleted. */
  journeyName(journeyId: string): string;
  /** The node's label in that version, else its type's title. */
  nodeName(journeyId: string, version: number | null, nodeId: string, nodeType?: string): string;
  /** A port's title (是/否, 已发生/超时, 下一步…). */
  portName(nodeType: string, port: string): string;
  /** The node's config in that version (what a condition's step detail points into), once read. */
  nodeConfig(journeyId: string, version: number, nodeId: string): Record<string, unknown> | undefined;
}

/**
 * Reads the named journeys (with their published versions) and the node library once, and turns
 * ids into the names a marketer gave them. `version` null takes the newest version that has the node.
 */
export function useJourneyLookup(journeyIds: readonly string[]): JourneyLookup {
  const { t } = useTranslation();
  const locale = useLocale();
  const key = [...new Set(journeyIds)].sort().join('\n');
  const [journeys, setJourneys] = useState<Record<string, JourneyInfo>>({});
  const [nodeTypes, setNodeTypes] = useState<Record<string, NodeTypeDescription>>({});

  useEffect(() => {
    let current = true;
    api.nodeTypes().then(
      ({ items }) => current && setNodeTypes(Object.fromEntries(items.map((d) => [d.type, d]))),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    const ids = key ? key.split('\n') : [];
    void Promise.allSettled(
      ids.map(async (id): Promise<[string, JourneyInfo]> => {
        const [journey, versions] = await Promise.all([api.getJourney(id), api.versions(id)]);
        const nodes = new Map(
          versions.items.map((v) => [v.version, new Map(v.graph.nodes.map((n) => [n.id, { label: n.label, type: n.type, config: n.config }]))]),
        );
        nodes.set(0, new Map(journey.graph.nodes.map((n) => [n.id, { label: n.label, type: n.type, config: n.config }])));
        return [id, { name: journey.name, nodes }];
      }),
    ).then((results) => {
      if (!current) return;
      setJourneys(Object.fromEntries(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))));
    });
    return () => {
      current = false;
    };
  }, [key]);

  const typeTitle = useCallback(
    (type: string | undefined) => (type ? (nodeTypes[type]?.title[locale] ?? type) : ''),
    [nodeTypes, locale],
  );

  return {
    journeyName: (journeyId) => journeys[journeyId]?.name ?? journeyId,
    nodeName: (journeyId, version, nodeId, nodeType) => {
      const versions = journeys[journeyId]?.nodes;
      const candidates = version === null ? [...(versions?.keys() ?? [])].sort((a, b) => b - a) : [version];
      for (const v of candidates) {
        const node = versions?.get(v)?.get(nodeId);
        if (node) return node.label?.trim() || typeTitle(node.type);
      }
      return typeTitle(nodeType) || nodeId;
    },
    portName: (nodeType, port) => nodeTypes[nodeType]?.portTitles[port]?.[locale] ?? (port === 'out' ? t('ports.out') : port),
    nodeConfig: (journeyId, version, nodeId) => journeys[journeyId]?.nodes.get(version)?.get(nodeId)?.config,
  };
}
