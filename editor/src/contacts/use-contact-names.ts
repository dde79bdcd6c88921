import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

const names = new Map<string, string | null>();

/**
 * The names of the given contacts, read once per contact and kept for the visit; a contact without
 * a name, or not yet read, is absent, so callers show its id instead.
 */
export function useContactNames(contactIds: readonly string[]): Record<string, string> {
  const key = [...new Set(contactIds)].sort().join('\n');
  const [known, setKnown] = useState<Record<string, string>>({});

  useEffect(() => {
    let current = true;
    const ids = key ? key.split('\n') : [];
    const collect = () => {
      const next: Record<string, string> = {};
      for (const id of ids) {
        const name = names.get(id);
        if (name) next[id] = name;
      }
      return next;
    };
    setKnown(collect());
    const missing = ids.filter((id) => !names.has(id));
    if (missing.length === 0) return;
    void Promise.allSettled(
      missing.map((id) =>
        api.contact(id).then((contact) => {
          names.set(id, contact.name);
        }),
      ),
    ).then(() => {
      if (current) setKnown(collect());
    });
    return () => {
      current = false;
    };
  }, [key]);

  return known;
}
