import type { Store } from '@journey/db';
import type { NodeRegistry } from '@journey/nodes';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { Runtime } from '../runtime-contract.ts';

/** What every handler can reach through `c.get('deps')`. */
export interface AppDeps {
  store: Store;
  runtime: Runtime;
  registry: NodeRegistry;
  config: Config;
  logger: Logger;
}

/** The Hono environment of the API: dependencies, and who is calling (set by the auth middleware). */
export interface AppBindings {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
}
