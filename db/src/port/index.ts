/** The storage port: records, repository interfaces and the store contract (types only, and two helpers). */
export * from './auth.ts';
export * from './butterfly.ts';
export * from './contacts.ts';
export * from './consent.ts';
export * from './coordination.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './journeys.ts';
export * from './model.ts';
export * from './outbox.ts';
export * from './paging.ts';
export * from './runs.ts';
export * from './segments.ts';
export * from './settings.ts';
export * from './stats.ts';
export * from './store.ts';
export * from './plugin-records.ts';
