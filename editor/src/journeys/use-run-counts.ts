import { useEffect, useState } from 'react';
import { api, type Journey } from '../api/client.ts';

/** What the journey list shows of a published journey's runs: contacts in it now, and failed runs. */
export interface JourneyRunCounts {
  /** Running or waiting. */
  active: number;
  failed: number;
}

/**
 * Run counts of each published journey, from its stats; drafts have none. Journeys whose stats could
 * not be read are left out rather than shown as zero.
 */
export function useRunCounts(journeys: readonly Journey[]): Record<string, JourneyRunCounts> {
  const [counts, setCounts] = useState<Record<string, JourneyRunCounts>>({});
  const published = journeys.filter((j) => j.status !== 'draft').map((j) => j.id);
  const key = published.join(',');

  useEffect(() => {
    let current = true;
    const ids = key ? key.split(',') : [];
    void Promise.allSettled(ids.map((id) => api.stats(id))).then((results) => {
      if (!current) return;
      const next: Record<string, JourneyRunCounts> = {};
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') {
          const { runs } = result.value;
          next[ids[i]!] = { active: runs.active + runs.waiting, failed: runs.failed };
        }
      });
      setCounts(next);
    });
    return () => {
      current = false;
    };
  }, [key]);

  return counts;
}
