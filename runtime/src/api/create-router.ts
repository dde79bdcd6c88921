import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from './app-env.ts';
import { validationHook } from './errors.ts';

/** A router for one API module; requests failing a route's schemas answer 400 with the zod paths. */
export function createRouter() {
  return new OpenAPIHono<AppBindings>({ defaultHook: validationHook });
}
