import type { ApiKeyScope, Role } from '@journey/db';

/** Who is calling: a signed-in person, or a machine with an API key. */
export type Principal =
  | {
      kind: 'session';
      role: Role;
      userId: string;
      /** SHA-256 of the session token, to sign out. */
      sessionHash: string;
      csrfToken: string;
    }
  | {
      kind: 'api_key';
      role: ApiKeyScope;
      /** The api_keys row, or `null` for `ADMIN_API_KEY`. */
      keyId: string | null;
    };

/** What a route may require of its caller. */
export type Permission =
  /** Read journeys, contacts, runs, stats, messages. */
  | 'read'
  /** Create, edit, delete and publish journeys. */
  | 'journeys:write'
  /** Pause and resume journeys (and, later, retry and skip runs). */
  | 'journeys:operate'
  /** Upsert contacts and enrol them. */
  | 'contacts:write'
  /** Send events. */
  | 'events:write'
  /** Send commerce events (purchases, top-ups, spends, redemptions), which move money and entitlements. */
  | 'events:commerce'
  /** Read `/metrics` (queue depth, outbox, request latencies). */
  | 'metrics:read'
  /** Manage users and API keys. */
  | 'people:manage';

/**
 * The roles of SPEC §5: admin everything, marketer journeys, operator monitors and operates,
 * viewer reads; an `ingest` API key may only send behavioural events, a `commerce` key every event.
 */
const GRANTS: Record<ApiKeyScope, readonly Permission[]> = {
  admin: ['read', 'journeys:write', 'journeys:operate', 'contacts:write', 'events:write', 'events:commerce', 'metrics:read', 'people:manage'],
  marketer: ['read', 'journeys:write', 'journeys:operate', 'contacts:write', 'events:write'],
  operator: ['read', 'journeys:operate', 'metrics:read'],
  viewer: ['read'],
  ingest: ['events:write'],
  commerce: ['events:write', 'events:commerce'],
};

export function can(principal: Principal, permission: Permission): boolean {
  return GRANTS[principal.role].includes(permission);
}

/** Who to record as the author of a change: the user, the API key row, or `null` for `ADMIN_API_KEY`. */
export function actorId(principal: Principal): string | null {
  return principal.kind === 'session' ? principal.userId : principal.keyId;
}
