import { ledgerEntries, memberships, offers, type Db } from '@journey/db';
import { desc, eq } from 'drizzle-orm';

/**
 * A contact's offers (newest first), membership cards and stored-value balance, as
 * `GET /api/contacts/:id` shows them.
 */
export function contactButterfly(db: Db, contactId: string) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    offers: db.select().from(offers).where(eq(offers.contactId, contactId)).orderBy(desc(offers.createdAt)).all().map((o) => ({
      code: o.code,
      kind: o.kind,
      name: o.name,
      value: o.value,
      currency: o.currency,
      journeyId: o.journeyId,
      expiresAt: iso(o.expiresAt)!,
      redeemedAt: iso(o.redeemedAt),
    })),
    memberships: db.select().from(memberships).where(eq(memberships.contactId, contactId)).all().map((m) => ({
      planId: m.planId,
      tier: m.tier,
      status: m.status,
      expiresAt: iso(m.expiresAt)!,
    })),
    balance:
      db.select({ balance: ledgerEntries.balanceAfter }).from(ledgerEntries).where(eq(ledgerEntries.contactId, contactId)).orderBy(desc(ledgerEntries.id)).limit(1).get()
        ?.balance ?? 0,
  };
}
