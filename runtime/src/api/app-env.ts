import type { Store } from '@journey/db';
import type { NodeRegistry } from '@journey/nodes';
import type { Redis } from 'ioredis';
import type { ExecutorRegistry } from '@journey/nodes/server';
import type { Logger } from 'pino';
import type { FailureCounter, LoginGuard } from '../auth/login-guard.ts';
import type { Principal } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { ApiMetrics } from '../observability/metrics.ts';
import type { NodeLibrary } from '../plugins/node-library.ts';
import type { Runtime } from '../runtime-contract.ts';
import type { IngestLimiter } from './token-buckets.ts';

/** What every handler can reach through `c.get('deps')`. */
export interface AppDeps {
  store: Store;
  runtime: Runtime;
  registry: NodeRegistry;
  /** The executors the runtime runs (default: the built-ins); the launch review's dry run simulates with them. */
  executors?: ExecutorRegistry;
  /** The plugins loaded at start and those left out, for health. */
  plugins?: Pick<NodeLibrary, 'plugins' | 'problems'>;
  config: Config;
  logger: Logger;
  /** Redis, when the deployment runs on it: the ingest buckets live there, so every API process shares them. */
  redis?: Redis;
}

/** State the app keeps between requests: throttles (their counts in the store) and metrics. */
export interface AppGuards {
  /** Failed sign-ins per account and address. */
  login: LoginGuard;
  /** Wrong current passwords per user when changing one's own password (as many as sign-in allows per pair). */
  passwordChange: FailureCounter;
  /** `null` when `INGEST_RATE_PER_SECOND=0`. */
  ingest: IngestLimiter | null;
  metrics: ApiMetrics;
}

/** The Hono environment of the API: dependencies, and who is calling (set by the auth middleware). */
export interface AppBindings {
  Variables: {
    deps: AppDeps;
    guards: AppGuards;
    principal: Principal;
    /** Set by the request-id middleware; echoed as `X-Request-Id`. */
    requestId: string;
  };
}
