import type { ChannelAdapter, OutboxMessage } from './channel-adapter.ts';

/**
 * Delivers every message as an HTTP POST of its JSON with an `Idempotency-Key` header, to the
 * operator's own relay (`CHANNEL_WEBHOOK_URL`). Any answer but 2xx, or no answer in time, is a failure.
 */
export class WebhookChannelAdapter implements ChannelAdapter {
  constructor(
    readonly url: string,
    readonly timeoutMs = 10_000,
    readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async deliver(message: OutboxMessage, idempotencyKey: string): Promise<void> {
    const response = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`Channel webhook answered ${response.status}`);
  }
}
