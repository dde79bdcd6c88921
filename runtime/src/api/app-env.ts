import type { Store } from '@journey/db';
import type { NodeRegistry } from '@journey/nodes';
import type { ExecutorRegistry } from '@journey/nodes/server';
import type { Logger } from 'pino';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { Principal } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { ApiMetrics } from '../observability/metrics.ts';
import type { NodeLibrary } from '../plugins/node-library.ts';
import type { Runtime } from '../runtime-contract.ts';
import type { TokenBuckets } from './token-buckets.ts';

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
}

/** In-memory state the app keeps between requests: throttles and metrics. */
export interface AppGuards {
  /** Failed sign-ins per email. */
  loginByEmail: LoginThrottle;
  /** Failed sign-ins per client address, whatever the email (ten times the per-email allowance). */
  loginByAddress: LoginThrottle;
  /** Wrong current passwords per user when changing one's own password (as many as sign-in allows per email). */
  passwordChange: LoginThrottle;
  /** `null` when `INGEST_RATE_PER_SECOND=0`. */
  ingest: TokenBuckets | null;
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
