import { PermanentDeliveryError } from '@journey/sdk';
import { createTestServices, type TestServices } from '@journey/sdk/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWindow, takeWindowMessage } from './service-window.ts';

let now = Date.UTC(2026, 11, 1, 12);
let services: TestServices;
let seq = 0;
const take = () => takeWindowMessage(services, 'oFollower', `msg_${++seq}`);

beforeEach(() => {
  now = Date.UTC(2026, 11, 1, 12);
  services = createTestServices('wechat', { now: () => now });
});

describe('the customer-service window', () => {
  it('is closed before any interaction, with the reason and what to do instead', async () => {
    await expect(take()).rejects.toThrow(PermanentDeliveryError);
    await expect(take()).rejects.toThrow(/has not interacted with the Official Account recently.*send a template message/);
  });

  it('gives 5 messages for 48 hours after a message from the follower', async () => {
    await openWindow(services, 'oFollower', 'message', now);
    for (let i = 0; i < 5; i++) await take();
    await expect(take()).rejects.toThrow("the customer-service messages of the follower's window are used up");
    await openWindow(services, 'oFollower', 'message', (now += 3_600_000));
    await take();
    now += 48 * 3_600_000;
    await expect(take()).rejects.toThrow(`outside the customer-service window (the follower last interacted ${new Date(now - 48 * 3_600_000).toISOString()})`);
  });

  it('gives 3 messages for 1 minute after a follow, a scan or a menu click, each message counting on every open quota', async () => {
    await openWindow(services, 'oFollower', 'event', now);
    await take();
    now += 61_000;
    await expect(take()).rejects.toThrow('outside the customer-service window');
    await openWindow(services, 'oFollower', 'message', now);
    await openWindow(services, 'oFollower', 'event', now);
    for (let i = 0; i < 3; i++) await take();
    // The message quota gave one to each of those three too: 2 left of its 5.
    now += 61_000;
    await take();
    await take();
    await expect(take()).rejects.toThrow('used up');
  });

  it('takes one message per outbox message however often it is retried, and a late callback does not shorten a later window', async () => {
    await openWindow(services, 'oFollower', 'event', now);
    for (let i = 0; i < 5; i++) await takeWindowMessage(services, 'oFollower', 'msg_retried');
    await take();
    await take();
    await expect(take()).rejects.toThrow('used up');
    await openWindow(services, 'oFollower', 'message', now);
    await openWindow(services, 'oFollower', 'message', now - 3_600_000);
    now += 47.5 * 3_600_000;
    await take();
  });
});
