import type { Repositories } from '@journey/db';

/**
 * A contact's offers (newest first), membership cards and stored-value balance, as
 * `GET /api/contacts/:id` shows them.
 */
export async function contactButterfly(db: Repositories, contactId: string) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const [offers, memberships, balance] = await Promise.all([
    db.butterfly.offersOf(contactId),
    db.butterfly.membershipsOf(contactId),
    db.butterfly.balance(contactId),
  ]);
  return {
    offers: offers.map((o) => ({
      code: o.code,
      kind: o.kind,
      name: o.name,
      value: o.value,
      threshold: o.threshold,
      currency: o.currency,
      journeyId: o.journeyId,
      expiresAt: iso(o.expiresAt)!,
      redeemedAt: iso(o.redeemedAt),
    })),
    memberships: memberships.map((m) => ({ planId: m.planId, tier: m.tier, status: m.status, expiresAt: iso(m.expiresAt)! })),
    balance,
  };
}
