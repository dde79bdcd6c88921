import { defineExecutor, utf8Length, type NodeExecutor } from '../../sdk.ts';
import { webhookSpec } from './webhook.spec.ts';

/** One HTTP call of a webhook node, as the runtime's sender receives it. */
export interface WebhookRequest {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  /** The rendered JSON body. */
  body: string;
  timeoutMs: number;
  /** Sent as the `Idempotency-Key` header; the same on every retry of the step. */
  idempotencyKey: string;
}

/**
 * Makes the call; resolves on a 2xx answer and rejects with a readable error otherwise (refused
 * address, timeout, other status), which fails the step and has it retried with back-off.
 */
export type WebhookSender = (request: WebhookRequest) => Promise<void>;

/** Attempts of a webhook step before the run fails. */
const WEBHOOK_MAX_ATTEMPTS = 5;

/** The largest rendered body a webhook node sends, in UTF-8 bytes (1 MiB, the API's own body limit). */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Renders a JSON template: the template is parsed as JSON and every string in it is rendered, so a
 * value such as a name with quotes can never break the document.
 */
function renderJsonTemplate(template: string, render: (text: string) => string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch (err) {
    throw new Error(`The body template is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return render(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return JSON.stringify(walk(parsed));
}

/**
 * The webhook node's executor around the runtime's HTTP sender (the one place that does I/O, and
 * checks addresses). The call happens during the step; its idempotency key is stable across retries,
 * so a step retried after a crash or a failure is a repeat the receiver can recognise.
 *
 * @example
 * ```ts
 * const executors = new ExecutorRegistry([...builtinExecutors, createWebhookExecutor(async (req) => { await post(req); })]);
 * ```
 */
export function createWebhookExecutor(send: WebhookSender): NodeExecutor<typeof webhookSpec> {
  return defineExecutor(webhookSpec, {
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    execute: async ({ config, render, idempotencyKey }) => {
      const headers = Object.fromEntries(Object.entries(config.headers).map(([name, value]) => [name, render(value)]));
      const body = renderJsonTemplate(config.body, render);
      const bytes = utf8Length(body);
      if (bytes > MAX_WEBHOOK_BODY_BYTES) throw new Error(`The rendered body is ${bytes} bytes; a webhook sends at most ${MAX_WEBHOOK_BODY_BYTES}`);
      await send({ url: config.url, method: config.method, headers, body, timeoutMs: config.timeoutMs, idempotencyKey });
      return { type: 'next', port: 'out' };
    },
  });
}
