import { KNOWN_EVENTS } from '@journey/nodes';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

let seen: Promise<{ type: string; count: number }[]> | null = null;

/**
 * What an event field suggests: the event types received so far with how many of each (most frequent
 * first, fetched once per page load), then the product's own events not seen yet (count 0).
 */
export function useSeenEventTypes(): { type: string; count: number }[] {
  const [types, setTypes] = useState<{ type: string; count: number }[]>([]);
  useEffect(() => {
    let live = true;
    seen ??= api.eventTypes().then((r) => r.items, () => {
      seen = null;
      return [];
    });
    void seen.then((items) => {
      if (!live) return;
      const known = new Set(items.map((i) => i.type));
      setTypes([...items, ...KNOWN_EVENTS.filter((e) => !known.has(e)).map((type) => ({ type, count: 0 }))]);
    });
    return () => {
      live = false;
    };
  }, []);
  return types;
}
