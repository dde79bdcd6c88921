/** Why an attribution was refused. */
export type AttributionRefusal = 'self_referral' | 'already_attributed' | 'cycle' | 'unknown_referrer';

/** The part of the referral tree attribution needs: who referred whom. */
export interface ReferralLookup {
  /** The referrer of a contact, or undefined when nobody referred them. */
  referrerOf(contactId: string): string | undefined;
  /** Whether the contact exists (and can refer). */
  exists(contactId: string): boolean;
}

/**
 * Decides whether `inviteeId` may be attributed to `referrerId`: first touch wins, nobody refers
 * themselves, and no chain may loop back (A → B → A).
 *
 * @example
 * ```ts
 * checkAttribution(tree, 'alice', 'bob'); // null when bob can be credited to alice
 * ```
 */
export function checkAttribution(
  tree: ReferralLookup,
  referrerId: string,
  inviteeId: string,
): AttributionRefusal | null {
  if (referrerId === inviteeId) return 'self_referral';
  if (!tree.exists(referrerId)) return 'unknown_referrer';
  if (tree.referrerOf(inviteeId) !== undefined) return 'already_attributed';
  const seen = new Set<string>();
  for (let up: string | undefined = referrerId; up !== undefined; up = tree.referrerOf(up)) {
    if (up === inviteeId) return 'cycle';
    if (seen.has(up)) return 'cycle';
    seen.add(up);
  }
  return null;
}

/** Fission figures of a referral forest. */
export interface FissionStats {
  /** Referred contacts ÷ contacts who referred or could refer (the seeds and everyone referred). */
  kFactor: number;
  /** Longest referral chain (1 = a seed referred someone directly). */
  depth: number;
  /** Contacts in trees that have at least one referral, seeds included. */
  treeSize: number;
  referred: number;
  referrers: number;
}

/**
 * K-factor, depth and size from `(referrer, invitee)` edges over `population` contacts who could
 * refer. K-factor here is invitations that converted per member: referred ÷ population.
 */
export function fissionStats(edges: readonly { referrerId: string; inviteeId: string }[], population: number): FissionStats {
  const children = new Map<string, string[]>();
  const invitees = new Set<string>();
  for (const { referrerId, inviteeId } of edges) {
    children.set(referrerId, [...(children.get(referrerId) ?? []), inviteeId]);
    invitees.add(inviteeId);
  }
  const roots = [...children.keys()].filter((id) => !invitees.has(id));
  let depth = 0;
  let treeSize = 0;
  const stack = roots.map((id) => ({ id, level: 0 }));
  while (stack.length > 0) {
    const { id, level } = stack.pop()!;
    treeSize++;
    depth = Math.max(depth, level);
    for (const child of children.get(id) ?? []) stack.push({ id: child, level: level + 1 });
  }
  return {
    kFactor: population > 0 ? invitees.size / population : 0,
    depth,
    treeSize,
    referred: invitees.size,
    referrers: children.size,
  };
}
