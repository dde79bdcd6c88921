import type { ApiKeyRepository, SessionRepository, UserRepository } from './auth.ts';
import type { ButterflyRepository } from './butterfly.ts';
import type { ConsentRepository } from './consent.ts';
import type { ContactRepository } from './contacts.ts';
import type { LeaseRepository, LoginFailureRepository } from './coordination.ts';
import type { EventRepository } from './events.ts';
import type { JourneyRepository } from './journeys.ts';
import type { OutboxRepository } from './outbox.ts';
import type { PluginRecordRepository } from './plugin-records.ts';
import type { PluginSettingRepository } from './plugin-settings.ts';
import type { RunRepository } from './runs.ts';
import type { SegmentRepository } from './segments.ts';
import type { SettingsRepository } from './settings.ts';
import type { StatsRepository } from './stats.ts';

/** Every repository of a store. */
export interface Repositories {
  journeys: JourneyRepository;
  runs: RunRepository;
  events: EventRepository;
  contacts: ContactRepository;
  outbox: OutboxRepository;
  butterfly: ButterflyRepository;
  segments: SegmentRepository;
  users: UserRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  stats: StatsRepository;
  leases: LeaseRepository;
  loginFailures: LoginFailureRepository;
  settings: SettingsRepository;
  consent: ConsentRepository;
  pluginRecords: PluginRecordRepository;
  pluginSettings: PluginSettingRepository;
}

/** Which database a store runs on. */
export type StoreKind = 'sqlite' | 'postgres';

/** Background work a store does while a process serves (SQLite: WAL checkpoints off the event loop). */
export interface StoreMaintenance {
  stop(): Promise<void>;
}

/**
 * The storage port: every read and write of the runtime, its services and the API goes through these
 * repositories. Each repository method is atomic on its own; `transaction` groups several, and the
 * repositories it hands to `work` run inside it.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.DATABASE_URL);
 * await store.transaction(async (tx) => {
 *   const journey = await tx.journeys.get(id);
 *   if (journey) await tx.journeys.setStatus(id, 'paused', journey.revision, now);
 * });
 * await store.close();
 * ```
 */
export interface Store extends Repositories {
  readonly kind: StoreKind;
  /** The SQLite file (or `:memory:`), or the PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Runs `work` in one transaction and commits, or rolls back when it throws. On PostgreSQL a
   * transaction that loses a deadlock or a serialization conflict is run again, so `work` must only
   * read and write through `tx` (no other lasting side effect). Nested calls join the outer one.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  /** Starts the store's background maintenance for a long-running process. */
  startMaintenance(): StoreMaintenance;
  close(): Promise<void>;
}
