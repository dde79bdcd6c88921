import { createMiddleware } from 'hono/factory';
import type { AppBindings } from './app-env.ts';
import { ApiError } from './errors.ts';

/**
 * How deep a JSON body may nest objects and arrays: `{"a": {"b": 1}}` is 2 deep. Deeper bodies are
 * refused before any route reads them — a deep body used to overflow the stack (500), and attributes or
 * properties stored 1,500 deep broke SQLite's JSON functions (segments, enrolment, analytics) later.
 */
export const MAX_JSON_DEPTH = 32;

type Path = (string | number)[];

/**
 * The path to the first object or array nested deeper than `maxDepth` in `value`, or `undefined`.
 * Walks without recursion, so no depth overflows the stack.
 *
 * @example
 * ```ts
 * pathDeeperThan({ a: [[1]] }, 2); // ["a", 0]
 * ```
 */
export function pathDeeperThan(value: unknown, maxDepth: number): Path | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // The containers on the way down, by level (at most `maxDepth` of them, reused), with their keys (for
  // objects) and the position of the next child to visit: no allocation per container met.
  const containers: object[] = [value];
  const keyLists: (string[] | undefined)[] = [Array.isArray(value) ? undefined : Object.keys(value)];
  const next: number[] = [0];
  let top = 0;
  while (top >= 0) {
    const keys = keyLists[top];
    const container = containers[top] as Record<string | number, unknown>;
    const i = next[top]!;
    if (i >= (keys ? keys.length : (container as unknown as unknown[]).length)) {
      top--;
      continue;
    }
    next[top] = i + 1;
    const child = container[keys ? keys[i]! : i];
    if (child === null || typeof child !== 'object') continue;
    // The child is at depth top + 2: the value itself is depth 1.
    if (top + 2 > maxDepth) {
      const path: Path = [];
      for (let level = 0; level <= top; level++) path.push(keyLists[level] ? keyLists[level]![next[level]! - 1]! : next[level]! - 1);
      return path;
    }
    top++;
    containers[top] = child;
    keyLists[top] = Array.isArray(child) ? undefined : Object.keys(child);
    next[top] = 0;
  }
  return undefined;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * Refuses a JSON request body nested deeper than `MAX_JSON_DEPTH` with 400 naming where. It reads the
 * body as the route's validator does (Hono keeps the parsed body for it); a body that is not JSON is
 * left to the route to refuse.
 */
export function limitJsonDepth() {
  return createMiddleware<AppBindings>(async (c, next) => {
    if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) return next();
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next();
    }
    const path = pathDeeperThan(body, MAX_JSON_DEPTH);
    if (path === undefined) return next();
    const where = path.length > 8 ? `${path.slice(0, 8).join('.')}…` : path.join('.');
    throw new ApiError(400, 'json_too_deep', `The body nests objects and arrays more than ${MAX_JSON_DEPTH} deep, at ${where}`, [
      { in: 'json', path, code: 'too_deep', message: `Nested more than ${MAX_JSON_DEPTH} deep`, maximum: MAX_JSON_DEPTH },
    ]);
  });
}
