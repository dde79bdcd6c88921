import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65_535).default(3000)),
  DATABASE_URL: z.preprocess(emptyAsUnset, z.string().optional()),
  REDIS_URL: z.preprocess(emptyAsUnset, z.string().optional()),
  ADMIN_API_KEY: z.preprocess(emptyAsUnset, z.string().optional()),
  ADMIN_EMAIL: z.preprocess(emptyAsUnset, z.string().regex(/^[^\s@]+@[^\s@]+$/, 'an email address').default('admin@localhost')),
  ADMIN_PASSWORD: z.preprocess(emptyAsUnset, z.string().min(8).optional()),
  CHANNEL_WEBHOOK_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(LOG_LEVELS).default('info')),
});

/** The server's configuration, read from the environment (SPEC §5 "Configuration"). */
export interface Config {
  /** `PORT`; 0 asks the OS for a free port. */
  port: number;
  /** `DATABASE_URL`: a SQLite path or `file:PATH`; unset means `./data/journeys.db`. */
  databaseUrl: string | undefined;
  /** `REDIS_URL`: unset means the embedded queue. */
  redisUrl: string | undefined;
  /** `ADMIN_API_KEY`: accepted as `Authorization: Bearer <key>` with the admin role. */
  adminApiKey: string | undefined;
  /** `ADMIN_EMAIL`: the first admin created when there is no user yet. */
  adminEmail: string;
  /** `ADMIN_PASSWORD`: that admin's password; unset means a random one, printed once. */
  adminPassword: string | undefined;
  /** `CHANNEL_WEBHOOK_URL`: deliver every message as an HTTP POST there. */
  channelWebhookUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
}

/**
 * Reads and checks the configuration; throws one error naming every bad variable.
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env);
 * serve({ fetch: app.fetch, port: config.port });
 * ```
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    adminApiKey: e.ADMIN_API_KEY,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    channelWebhookUrl: e.CHANNEL_WEBHOOK_URL,
    logLevel: e.LOG_LEVEL,
  };
}
