import { PermanentDeliveryError } from '@journey/nodes/sdk';
import type { ChannelAdapter, DeliveryAttempt, OutboxMessage } from './channel-adapter.ts';

/**
 * Delivers every message as an HTTP POST of its JSON with an `Idempotency-Key` header, to the
 * operator's own relay (`CHANNEL_WEBHOOK_URL`), which must treat a repeated key as one message. Any
 * answer but 2xx, or no answer in time, is a failure; a redirect fails at once (it is not followed: a
 * followed POST would arrive as a GET without its body).
 */
export class WebhookChannelAdapter implements ChannelAdapter {
  readonly honoursIdempotencyKey = true;

  constructor(
    readonly url: string,
    readonly timeoutMs = 10_000,
    readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async deliver(message: OutboxMessage, { idempotencyKey, signal }: DeliveryAttempt): Promise<void> {
    const response = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(message),
      redirect: 'manual',
      signal,
    });
    await response.body?.cancel();
    if (response.status >= 300 && response.status < 400) {
      const to = response.headers.get('location');
      throw new PermanentDeliveryError(
        `Channel webhook answered ${response.status}, a redirect${to ? ` to ${to}` : ''}; redirects are not followed: set CHANNEL_WEBHOOK_URL to the relay's own address`,
      );
    }
    if (!response.ok) throw new Error(`Channel webhook answered ${response.status}`);
  }
}
