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
 * deepestPathOver({ a: [[1]] }, 2); // ["a", 0]
 * ```
 */
export function deepestPathOver(value: unknown, maxDepth: number): Path | undefined {
  interface Frame {
    value: unknown;
    depth: number;
    key: string | number;
    parent: Frame | undefined;
  }
  const stack: Frame[] = [{ value, depth: 1, key: '', parent: undefined }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    if (frame.value === null || typeof frame.value !== 'object') continue;
    if (frame.depth > maxDepth) {
      const path: Path = [];
      for (let at: Frame | undefined = frame; at?.parent; at = at.parent) path.unshift(at.key);
      return path;
    }
    const children: Frame[] = [];
    const entries = Array.isArray(frame.value) ? frame.value.entries() : Object.entries(frame.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') children.push({ value: child, depth: frame.depth + 1, key, parent: frame });
    }
    // Reversed onto the stack, so the walk (and the path it reports) follows the document's order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
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
    const path = deepestPathOver(body, MAX_JSON_DEPTH);
    if (path === undefined) return next();
    const where = path.length > 8 ? `${path.slice(0, 8).join('.')}…` : path.join('.');
    throw new ApiError(400, 'json_too_deep', `The body nests objects and arrays more than ${MAX_JSON_DEPTH} deep, at ${where}`, [
      { in: 'json', path, code: 'too_deep', message: `Nested more than ${MAX_JSON_DEPTH} deep`, maximum: MAX_JSON_DEPTH },
    ]);
  });
}
