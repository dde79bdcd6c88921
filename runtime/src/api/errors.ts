import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { Conflict, InvalidGraph, InvalidInput, NotFound, TooManyAttempts } from '../domain-errors.ts';
import type { AppBindings } from './app-env.ts';

/** The error body every route answers with (SPEC §5). */
export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof errorSchema>;

/**
 * A refusal a handler throws; the app's error handler turns it into `{ error: { code, message, details } }`.
 *
 * @example
 * ```ts
 * if (!journey) throw new ApiError(404, 'not_found', `No journey ${id}`);
 * ```
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, such as `Retry-After` on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 429 with `Retry-After` in whole seconds (at least 1). */
export function tooManyRequests(code: string, message: string, waitMs: number): ApiError {
  return new ApiError(429, code, message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) });
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * A zod error as 400 details: one entry per issue, with the path into the request part, and the bound a
 * too short or too long value missed (`minimum`, `maximum`), so a form can say it in its own words.
 * An unknown key is one entry per key, its path ending with the key.
 */
export function zodIssues(error: Pick<ZodError, 'issues'>, target?: string) {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const detail = {
      ...(target ? { in: target } : {}),
      path,
      code: issue.code,
      message: issue.message,
      ...(issue.code === 'too_small' ? { minimum: Number(issue.minimum) } : {}),
      ...(issue.code === 'too_big' ? { maximum: Number(issue.maximum) } : {}),
    };
    if (issue.code !== 'unrecognized_keys') return [detail];
    return issue.keys.map((key) => ({ ...detail, path: [...path, key], message: `Unknown field "${key}"` }));
  });
}

/** OpenAPIHono's `defaultHook`: every request that fails its route's schemas answers 400. */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: ZodError }),
  c: Context,
) {
  if (result.success) return;
  return c.json(errorBody('invalid_request', `The request ${result.target} is invalid`, zodIssues(result.error, result.target)), 400);
}

const codeByStatus: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** The HTTP answer to a refusal of the domain's services. */
export function domainErrorToApi(err: Error): ApiError | undefined {
  if (err instanceof NotFound) return new ApiError(404, err.code, err.message);
  if (err instanceof Conflict) return new ApiError(409, err.code, err.message, err.details);
  if (err instanceof InvalidInput) return new ApiError(400, err.code, err.message, err.details);
  if (err instanceof InvalidGraph) return new ApiError(422, err.code, err.message, err.details);
  if (err instanceof TooManyAttempts) return tooManyRequests(err.code, err.message, err.waitMs);
  return undefined;
}

/** The app's `onError`: known refusals keep their status; anything else is logged and answers 500. */
export function handleError(err: Error, c: Context<AppBindings>): Response {
  const known = err instanceof ApiError ? err : domainErrorToApi(err);
  if (known) return c.json(errorBody(known.code, known.message, known.details), known.status, known.headers);
  if (err instanceof HTTPException && err.status < 500) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(codeByStatus[status] ?? 'bad_request', err.message || 'Bad request'), status);
  }
  c.get('deps')?.logger.error({ err, reqId: c.get('requestId'), method: c.req.method, path: c.req.path }, 'request failed');
  return c.json(errorBody('internal_error', 'Something went wrong on the server; it has been logged'), 500);
}

/** Error responses for a route's OpenAPI description. */
export function errorResponses<const S extends readonly (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429)[]>(...statuses: S) {
  const descriptions = {
    400: 'Invalid request (details list the zod issue paths)',
    401: 'Not signed in, or an unknown API key',
    403: 'The role may not do this, or the CSRF token is missing',
    404: 'Not found',
    409: 'Conflicts with the current state',
    413: 'The body is over the size limit',
    415: 'The body is not JSON (send Content-Type: application/json)',
    422: 'The journey graph is invalid (details list every problem)',
    429: 'Too many requests or failed sign-ins; Retry-After gives the seconds to wait',
  } as const;
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s], content: { 'application/json': { schema: errorSchema } } }]),
  ) as { [K in S[number]]: { description: string; content: { 'application/json': { schema: typeof errorSchema } } } };
}
