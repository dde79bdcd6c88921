import type { PluginServices } from '@journey/sdk';

/**
 * Runs `work` holding the lock `kind`/`key` in the plugin's records, so that no two processes change what
 * it guards at once (a follower's window, a contact's subscriptions). A lock whose holder died expires
 * after `lockMs`; waiting longer than twice that throws.
 *
 * @example
 * ```ts
 * await withRecordLock(services, 'window_lock', openid, 5_000, async () => { … });
 * ```
 */
export async function withRecordLock<T>(services: PluginServices, kind: string, key: string, lockMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = services.now() + lockMs * 2;
  while (!(await services.records.insert(kind, key, {}, { expiresAt: services.now() + lockMs }))) {
    if (services.now() > deadline) throw new Error(`Timed out waiting for the lock ${kind} ${key}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    return await work();
  } finally {
    await services.records.delete(kind, key);
  }
}
