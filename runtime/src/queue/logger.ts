import { pino } from 'pino';

/** The logging the runtime needs; a pino logger fits. */
export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The runtime's logger when none is given: pino at `LOG_LEVEL` (default info). */
export function defaultLogger(): Logger {
  return pino({ name: 'runtime', level: process.env.LOG_LEVEL ?? 'info' });
}
