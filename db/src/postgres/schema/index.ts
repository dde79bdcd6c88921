export * from './auth.ts';
export * from './contacts.ts';
export * from './journeys.ts';
export * from './runs.ts';
export * from './butterfly.ts';
export * from './plugins.ts';
