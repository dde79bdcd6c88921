import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

let loading: Promise<string[]> | null = null;

/**
 * The sources that have a WeCom contact way (渠道活码), for the entry node's source list: empty when WeCom
 * is not connected (its route answers 503) or cannot be read. Asked once per page load.
 */
export function useContactWaySources(): string[] {
  const [sources, setSources] = useState<string[]>([]);
  useEffect(() => {
    loading ??= api.wecomContactWays().then(
      (page) => page.items.map((way) => way.source),
      () => [],
    );
    let live = true;
    void loading.then((found) => live && setSources(found));
    return () => {
      live = false;
    };
  }, []);
  return sources;
}
