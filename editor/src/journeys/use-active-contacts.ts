import { useEffect, useState } from 'react';
import { api, type Journey } from '../api/client.ts';

/**
 * Contacts now in each published journey (running or waiting), from its stats; drafts have none.
 * Journeys whose stats could not be read are left out rather than shown as zero.
 */
export function useActiveContacts(journeys: readonly Journey[]): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const published = journeys.filter((j) => j.status !== 'draft').map((j) => j.id);
  const key = published.join(',');

  useEffect(() => {
    let current = true;
    const ids = key ? key.split(',') : [];
    void Promise.allSettled(ids.map((id) => api.stats(id))).then((results) => {
      if (!current) return;
      const next: Record<string, number> = {};
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') next[ids[i]!] = result.value.runs.active + result.value.runs.waiting;
      });
      setCounts(next);
    });
    return () => {
      current = false;
    };
  }, [key]);

  return counts;
}
