import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { PermanentDeliveryError } from '@journey/nodes/sdk';
import type { ChannelAdapter, DeliveryAttempt, OutboxMessage } from './channel-adapter.ts';

/**
 * Delivers every message as an HTTP POST of its JSON with an `Idempotency-Key` header, to the
 * operator's own relay (`CHANNEL_WEBHOOK_URL`), which must treat a repeated key as one message. Any
 * answer but 2xx, or no answer in time, is a failure; a redirect fails at once (it is not followed: a
 * followed POST would arrive as a GET without its body). Connections to the relay are kept alive and
 * reused: at thousands of messages a second, a connection (and a TLS handshake) per message would cost
 * more than the messages.
 */
export class WebhookChannelAdapter implements ChannelAdapter {
  readonly honoursIdempotencyKey = true;
  readonly #url: URL;
  readonly #agent: HttpAgent;

  constructor(
    readonly url: string,
    readonly timeoutMs = 10_000,
  ) {
    this.#url = new URL(url);
    const https = this.#url.protocol === 'https:';
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  async deliver(message: OutboxMessage, { idempotencyKey, signal }: DeliveryAttempt): Promise<void> {
    const response = await this.#post(JSON.stringify(message), idempotencyKey, signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      const to = response.headers.location;
      throw new PermanentDeliveryError(
        `Channel webhook answered ${status}, a redirect${to ? ` to ${to}` : ''}; redirects are not followed: set CHANNEL_WEBHOOK_URL to the relay's own address`,
      );
    }
    if (status < 200 || status >= 300) throw new Error(`Channel webhook answered ${status}`);
  }

  /** Resolves once the answer's body has been read to its end (so the connection can be reused). */
  #post(body: string, idempotencyKey: string, signal: AbortSignal): Promise<IncomingMessage> {
    const send = this.#url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          signal,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': idempotencyKey },
        },
        (res) => {
          res.on('error', reject);
          res.on('end', () => resolve(res));
          res.resume();
        },
      );
      req.on('error', (err) => reject(err.name === 'AbortError' ? new Error(`Channel webhook did not answer within ${this.timeoutMs} ms`) : err));
      req.end(body);
    });
  }
}
