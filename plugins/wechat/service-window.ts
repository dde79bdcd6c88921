import { PermanentDeliveryError, type PluginServices } from '@journey/sdk';
import { WINDOW_GRANTS, type WindowKind } from './events.ts';

/** One quota an interaction granted: messages left, until when (epoch ms). */
interface Grant {
  until: number;
  left: number;
}

/** A follower's customer-service window, by openid: the quotas their last interactions granted. */
export interface WindowRecord extends Record<string, unknown> {
  /** When they last interacted (epoch ms, WeChat's CreateTime). */
  lastInteraction: number;
  grants: Partial<Record<WindowKind, Grant>>;
}

const open = (grant: Grant | undefined, now: number): grant is Grant => grant !== undefined && grant.until > now && grant.left > 0;

const LOCK_MS = 5_000;
/** A window is remembered this long after it closed, to say when the follower last interacted. */
const REMEMBER_MS = 7 * 86_400_000;

const expiry = (record: WindowRecord) => ({ expiresAt: Math.max(...Object.values(record.grants).map((g) => g.until)) + REMEMBER_MS });

/** Whether any quota of the window gives a message at `now`. */
export const windowIsOpen = (record: WindowRecord, now: number) => Object.values(record.grants).some((grant) => open(grant, now));

/** Runs `work` holding the follower's window lock, so two deliveries never take the same message of a quota. */
async function withWindowLock<T>(services: PluginServices, openid: string, work: () => Promise<T>): Promise<T> {
  const deadline = services.now() + LOCK_MS * 2;
  while (!(await services.records.insert('window_lock', openid, {}, { expiresAt: services.now() + LOCK_MS }))) {
    if (services.now() > deadline) throw new Error(`Timed out waiting for the customer-service window of ${openid}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    return await work();
  } finally {
    await services.records.delete('window_lock', openid);
  }
}

/**
 * Records an interaction of the follower at `at` (WeChat's CreateTime) that opens their window: the
 * quota of its kind is renewed (`WINDOW_GRANTS`), whatever was left of it.
 */
export async function openWindow(services: PluginServices, openid: string, kind: WindowKind, at: number): Promise<void> {
  await withWindowLock(services, openid, async () => {
    const before = (await services.records.get<WindowRecord>('window', openid))?.value;
    const grant = WINDOW_GRANTS[kind];
    const current = before?.grants[kind];
    // A callback WeChat retried late does not shorten the window a later interaction opened.
    const renewed = current && current.until >= at + grant.ms ? current : { until: at + grant.ms, left: grant.max };
    const record: WindowRecord = { lastInteraction: Math.max(before?.lastInteraction ?? 0, at), grants: { ...before?.grants, [kind]: renewed } };
    await services.records.put('window', openid, record, expiry(record));
  });
}

/**
 * Takes one message of the follower's open window for `messageId`, or throws `PermanentDeliveryError`
 * saying why none is left: WeChat would refuse the send (45015 outside the window, 45047 used up), so it
 * is never made. Every open quota gives one, as WeChat does not say which one a message counts on; a retry
 * of the same message takes none again.
 */
export async function takeWindowMessage(services: PluginServices, openid: string, messageId: string): Promise<void> {
  await withWindowLock(services, openid, async () => {
    if (await services.records.get('window_taken', messageId)) return;
    const now = services.now();
    const record = (await services.records.get<WindowRecord>('window', openid))?.value;
    const grants = Object.entries(record?.grants ?? {}) as [WindowKind, Grant][];
    const usable = grants.filter(([, grant]) => open(grant, now));
    if (usable.length === 0) throw new PermanentDeliveryError(closedReason(record, now));
    const taken: WindowRecord = {
      lastInteraction: record!.lastInteraction,
      grants: Object.fromEntries(grants.map(([kind, grant]) => [kind, open(grant, now) ? { ...grant, left: grant.left - 1 } : grant])),
    };
    await services.records.put('window', openid, taken, expiry(taken));
    await services.records.put('window_taken', messageId, { openid, at: now }, { expiresAt: now + WINDOW_GRANTS.message.ms });
  });
}

function closedReason(record: WindowRecord | undefined, now: number): string {
  const rule = 'WeChat allows customer-service messages for 48 hours after a message from the follower (5 at most) and for 1 minute after a follow, a scan or a menu click (3 at most)';
  if (record === undefined) return `Not sent: the follower has not interacted with the Official Account recently. ${rule}; outside that, send a template message.`;
  const usedUp = Object.values(record.grants).some((grant) => grant.until > now);
  const last = new Date(record.lastInteraction).toISOString();
  return usedUp
    ? `Not sent: the customer-service messages of the follower's window are used up (last interaction ${last}). ${rule}.`
    : `Not sent: outside the customer-service window (the follower last interacted ${last}). ${rule}; outside it, send a template message.`;
}
