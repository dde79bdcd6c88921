/** An event to store: the runtime has already parsed it and fixed its timestamp. */
export interface NewEvent {
  contactId: string;
  type: string;
  properties: Record<string, unknown>;
  /** Epoch ms: the client's time when it sent one, else the time received. */
  timestamp: number;
  /** The sender's id for the event: storing the same id again is a no-op. */
  messageId: string | null;
}

/** A stored event as event processing reads it. */
export interface StoredEvent {
  id: string;
  contactId: string;
  type: string;
  properties: Record<string, unknown>;
  /** The client's time (ordering, analytics), corrected for clock skew where it said when it sent. */
  timestamp: number;
  /** When the server stored it: what validity windows (offer expiry, membership start) are measured by. */
  receivedAt: number;
}

/** What `EventRepository.ingest` stored: `ids[i]` is the id of `events[stored[i]]`. */
export interface IngestResult {
  ids: string[];
  stored: number[];
  duplicates: number;
}

/**
 * Events: ingestion (the API's hot path) and the backlog the event processor works through, in the
 * order received (event ids sort by creation).
 *
 * @example
 * ```ts
 * const { ids, duplicates } = await store.events.ingest([{ contactId: 'u1', type: 'contact.acquired', properties: {}, timestamp: now, messageId: null }], now);
 * ```
 */
export interface EventRepository {
  /**
   * Stores events and creates their unknown contacts atomically; events whose `messageId` was stored
   * before are not stored again and count in `duplicates`. Returns the ids of those stored, in order,
   * and `stored`, the index in `events` of each.
   */
  ingest(events: readonly NewEvent[], now: number): Promise<IngestResult>;
  hasUnprocessed(): Promise<boolean>;
  countUnprocessed(): Promise<number>;
  /** The oldest unprocessed events, in the order received. */
  unprocessed(limit: number): Promise<StoredEvent[]>;
  markProcessed(ids: readonly string[], now: number): Promise<void>;
  /** Stores an event the runtime raises itself (such as `referral.qualified`), unprocessed; returns its id. */
  append(event: Omit<NewEvent, 'messageId'>, now: number): Promise<string>;
  /** The event types stored, with how many of each, most frequent first. */
  typeCounts(limit: number): Promise<{ type: string; count: number }[]>;
  /** Whether the contact has an event stored before `eventId`. */
  hasEarlier(contactId: string, eventId: string): Promise<boolean>;
}
