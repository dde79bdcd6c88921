import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

let loading: Promise<string[]> | null = null;

/** Whether this deployment connected the WeCom plugin (health says which plugins are active). */
async function wecomActive(): Promise<boolean> {
  const health = await api.health();
  return health.plugins.loaded.some((plugin) => plugin.name === 'wecom' && plugin.active);
}

/**
 * The sources that have a WeCom contact way (渠道活码), for the entry node's source list: empty when WeCom
 * is not connected (then its routes are not called at all) or cannot be read. Asked once per page load.
 */
export function useContactWaySources(): string[] {
  const [sources, setSources] = useState<string[]>([]);
  useEffect(() => {
    loading ??= wecomActive()
      .then(async (active) => (active ? (await api.wecomContactWays()).items.map((way) => way.source) : []))
      .catch(() => []);
    let live = true;
    void loading.then((found) => live && setSources(found));
    return () => {
      live = false;
    };
  }, []);
  return sources;
}
