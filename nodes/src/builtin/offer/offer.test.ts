import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing.ts';
import { offerExecutor } from './offer.execute.ts';

const config = { kind: 'coupon', name: '新人券', value: 20, expiresInDays: 7 } as const;

describe('offer executor', () => {
  it('issues a fresh code and puts the offer in the run context', async () => {
    const outcome = await runNode(offerExecutor, { config });
    expect(outcome).toMatchObject({
      type: 'next',
      port: 'out',
      effects: [{ kind: 'offer', offerKind: 'coupon', name: '新人券', value: 20, currency: 'CNY', expiresAt: Date.UTC(2026, 0, 8) }],
      context: { offer: { name: '新人券', expiresOn: '2026-01-08' } },
    });
    if (outcome.type !== 'next') throw new Error('expected next');
    const code = (outcome.effects![0] as { code: string }).code;
    expect(outcome.context).toMatchObject({ offer: { code } });
    expect((await runNode(offerExecutor, { config })).effects![0]).not.toMatchObject({ code });
  });

  it('issues nothing past the per-contact limit and reuses the newest offer of this node', async () => {
    const held = { code: 'K7QM-3XRT-9HAW', journeyId: 'j1', nodeId: 'n1', name: '新人券', expiresAt: Date.UTC(2026, 0, 3), redeemed: false };
    const outcome = await runNode(offerExecutor, { config, contact: { id: 'c1', name: null, attributes: {}, tags: [], offers: [held, { ...held, nodeId: 'other', code: 'X' }] } });
    expect(outcome).toEqual({ type: 'next', port: 'out', context: { offer: { kind: 'coupon', name: '新人券', value: 20, currency: 'CNY', threshold: 0, terms: '立减 20', code: 'K7QM-3XRT-9HAW', expiresOn: '2026-01-03' } } });
  });

  it('puts a threshold coupon\'s rule in the context as 满减, and no money rule for other kinds', async () => {
    const coupon = await runNode(offerExecutor, { config: { ...config, threshold: 100 } });
    expect(coupon).toMatchObject({ context: { offer: { value: 20, threshold: 100, terms: '满 100 减 20' } } });
    const gift = await runNode(offerExecutor, { config: { ...config, kind: 'gift', threshold: 100 } });
    expect(gift).toMatchObject({ context: { offer: { kind: 'gift', terms: '' } } });
  });
});
