import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { WebhookRequest, WebhookSender } from '@journey/nodes/server';
import { assertPublicUrl, type Resolver } from '../net/address-guard.ts';

export interface WebhookNodeSenderOptions {
  /** Hosts an admin allows even though they resolve to private or local addresses (`WEBHOOK_ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
  /** DNS resolution; the system resolver by default. */
  resolve?: Resolver;
}

/** `WEBHOOK_ALLOWED_HOSTS`: a comma list of host names, blanks ignored. */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host.length > 0);
}

/**
 * The HTTP sender of webhook nodes. The host is resolved and checked once (`assertPublicUrl`), and the
 * connection goes to exactly the address that was checked, so a second DNS answer (rebinding) cannot
 * reach a private address. Redirects are not followed: a 3xx is a failure like any non-2xx answer.
 *
 * @example
 * ```ts
 * const executors = new ExecutorRegistry([...builtinExecutors, createWebhookExecutor(webhookNodeSender({ allowedHosts: ['crm.internal'] }))]);
 * ```
 */
export function webhookNodeSender(options: WebhookNodeSenderOptions = {}): WebhookSender {
  return async (call) => {
    const addresses = await assertPublicUrl(call.url, options);
    const address = addresses[0];
    if (address === undefined) throw new Error(`Webhook host ${new URL(call.url).hostname} has no address`);
    const status = await post(call, address);
    if (status < 200 || status >= 300) throw new Error(`Webhook ${new URL(call.url).host} answered ${status}`);
  };
}

function post(call: WebhookRequest, address: string): Promise<number> {
  const url = new URL(call.url);
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    const family = isIP(address);
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const requestOptions: RequestOptions = {
    method: call.method,
    headers: {
      ...call.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(call.body),
      'idempotency-key': call.idempotencyKey,
    },
    lookup: pinned,
    signal: AbortSignal.timeout(call.timeoutMs),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, requestOptions, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) =>
      reject(err.name === 'AbortError' || err.name === 'TimeoutError' ? new Error(`Webhook ${url.host} did not answer within ${call.timeoutMs} ms`) : err),
    );
    req.end(call.body);
  });
}
