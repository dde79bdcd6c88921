import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from './auth/password.ts';
import { parseTrustedProxies, type TrustedProxies } from './net/client-address.ts';
import { SecretBox } from './plugins/secret-box.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

// The environment holds every other variable of the process too: the ones read here are picked out.
const envSchema = z.looseObject({
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65_535).default(3000)),
  DATABASE_URL: z.preprocess(emptyAsUnset, z.string().optional()),
  REDIS_URL: z.preprocess(emptyAsUnset, z.string().optional()),
  ADMIN_API_KEY: z.preprocess(emptyAsUnset, z.string().min(16).optional()),
  ADMIN_EMAIL: z.preprocess(emptyAsUnset, z.string().regex(/^[^\s@]+@[^\s@]+$/, 'an email address').default('admin@localhost')),
  ADMIN_PASSWORD: z.preprocess(emptyAsUnset, z.string().min(PASSWORD_MIN_LENGTH).optional()),
  CHANNEL_WEBHOOK_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(LOG_LEVELS).default('info')),
  INGEST_RATE_PER_SECOND: z.preprocess(emptyAsUnset, z.coerce.number().min(0).default(200_000)),
  INGEST_BURST: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).optional()),
  LOGIN_MAX_FAILURES: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).default(5)),
  LOGIN_LOCK_MINUTES: z.preprocess(emptyAsUnset, z.coerce.number().positive().default(15)),
  TRUSTED_PROXIES: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .optional()
      .transform((list, ctx) => {
        try {
          return parseTrustedProxies(list);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
  ),
  METRICS_TOKEN: z.preprocess(emptyAsUnset, z.string().min(16).optional()),
  BULLMQ_PREFIX: z.preprocess(emptyAsUnset, z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, and _ . - only').default('journey')),
  WORKER_CONCURRENCY: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(1000).default(200)),
  SERVER_WORKER: z.preprocess(emptyAsUnset, z.enum(['on', 'off']).default('on')),
  SWEEP_GRACE_MS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).default(10_000)),
  JOURNEY_PLUGINS: z.preprocess(emptyAsUnset, z.string().optional()),
});

/** The server's configuration, read from the environment (SPEC §5 "Configuration"). */
export interface Config {
  /** `PORT`; 0 asks the OS for a free port. */
  port: number;
  /** `DATABASE_URL`: a SQLite path or `file:PATH`; unset means `./data/journeys.db`. */
  databaseUrl: string | undefined;
  /** `REDIS_URL`: unset means the embedded queue. */
  redisUrl: string | undefined;
  /** `ADMIN_API_KEY` (16+ characters): accepted as `Authorization: Bearer <key>` with the admin role. */
  adminApiKey: string | undefined;
  /** `ADMIN_EMAIL`: the first admin created when there is no user yet. */
  adminEmail: string;
  /** `ADMIN_PASSWORD`: that admin's password; unset means a random one, printed once. */
  adminPassword: string | undefined;
  /** `CHANNEL_WEBHOOK_URL`: deliver every message as an HTTP POST there. */
  channelWebhookUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /**
   * Events each API key (or user) may send per second, `INGEST_RATE_PER_SECOND` (default 200,000;
   * 0 turns the limit off), with bursts up to `INGEST_BURST` (default twice the rate). Over it: 429.
   */
  ingestRate: { ratePerSecond: number; burst: number } | null;
  /**
   * Sign-in throttling (see `LoginGuard`): `LOGIN_MAX_FAILURES` (5) wrong passwords for one account
   * from one address, or 10× that of unknown e-mails from one address or for one account from many,
   * within `LOGIN_LOCK_MINUTES` (15) lock for that long (429 with `Retry-After`).
   */
  login: { maxFailures: number; lockMs: number };
  /** `TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` names the client (addresses or CIDR ranges). */
  trustedProxies: TrustedProxies;
  /** `METRICS_TOKEN`: a bearer token for `/metrics` besides admin and operator credentials. */
  metricsToken: string | undefined;
  /**
   * BullMQ (with `REDIS_URL`): the key prefix of this deployment (`BULLMQ_PREFIX`, default `journey`),
   * jobs a process holds at once (`WORKER_CONCURRENCY`, 200), whether the API server also processes jobs
   * (`SERVER_WORKER`, `on` or `off`; default on) and how long a due run may go without a job before the
   * sweeper re-queues it (`SWEEP_GRACE_MS`, 10,000).
   */
  queue: { prefix: string; concurrency: number; serverWorker: boolean; sweepGraceMs: number };
  /** `JOURNEY_PLUGINS`: plugin packages or paths, comma-separated, besides the folders of `./plugins/`. */
  plugins: string | undefined;
  /**
   * `JOURNEY_SECRETS_KEY` (32 bytes, base64 or hex), with `JOURNEY_SECRETS_PREVIOUS_KEYS` after a rotation:
   * seals the secrets saved on the integrations page. Unset: secrets cannot be saved there.
   */
  secrets: SecretBox | undefined;
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
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  let secrets: SecretBox | undefined;
  try {
    secrets = SecretBox.fromEnv(env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (!parsed.success || problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
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
    ingestRate:
      e.INGEST_RATE_PER_SECOND === 0
        ? null
        : { ratePerSecond: e.INGEST_RATE_PER_SECOND, burst: e.INGEST_BURST ?? Math.ceil(e.INGEST_RATE_PER_SECOND * 2) },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMs: e.LOGIN_LOCK_MINUTES * 60_000 },
    trustedProxies: e.TRUSTED_PROXIES,
    metricsToken: e.METRICS_TOKEN,
    queue: { prefix: e.BULLMQ_PREFIX, concurrency: e.WORKER_CONCURRENCY, serverWorker: e.SERVER_WORKER === 'on', sweepGraceMs: e.SWEEP_GRACE_MS },
    plugins: e.JOURNEY_PLUGINS,
    secrets,
  };
}
