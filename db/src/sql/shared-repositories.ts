import type { Repositories } from '../port/store.ts';
import { SqlApiKeyRepository, SqlSessionRepository, SqlUserRepository } from './auth.ts';
import { SqlButterflyRepository } from './butterfly.ts';
import { SqlConsentRepository } from './consent.ts';
import { SqlContactRepository } from './contacts.ts';
import type { SqlContext } from './context.ts';
import { SqlLeaseRepository, SqlLoginFailureRepository } from './coordination.ts';
import { SqlJourneyRepository } from './journeys.ts';
import { SqlPluginRecordRepository } from './plugin-records.ts';
import { SqlPluginSettingRepository } from './plugin-settings.ts';
import { type SegmentCondition, SqlSegmentRepository } from './segments.ts';
import { SqlSettingsRepository } from './settings.ts';
import { SqlStatsRepository } from './stats.ts';

/** The repositories each store takes as they are from the shared SQL: all but the hot runs, events and outbox. */
export type SharedRepositories = Omit<Repositories, 'runs' | 'events' | 'outbox'>;

/**
 * The shared SQL repositories on one store's context, with its segment condition.
 *
 * @example
 * ```ts
 * const repositories = { ...sharedRepositories(ctx, sqliteSegmentCondition), runs, events, outbox };
 * ```
 */
export function sharedRepositories(ctx: SqlContext, segmentCondition: SegmentCondition): SharedRepositories {
  return {
    journeys: new SqlJourneyRepository(ctx),
    contacts: new SqlContactRepository(ctx, segmentCondition),
    butterfly: new SqlButterflyRepository(ctx),
    segments: new SqlSegmentRepository(ctx, segmentCondition),
    users: new SqlUserRepository(ctx),
    sessions: new SqlSessionRepository(ctx),
    apiKeys: new SqlApiKeyRepository(ctx),
    stats: new SqlStatsRepository(ctx),
    leases: new SqlLeaseRepository(ctx),
    loginFailures: new SqlLoginFailureRepository(ctx),
    settings: new SqlSettingsRepository(ctx),
    consent: new SqlConsentRepository(ctx),
    pluginRecords: new SqlPluginRecordRepository(ctx),
    pluginSettings: new SqlPluginSettingRepository(ctx),
  };
}
