import { defineExecutor } from '../../sdk.ts';
import { generateOfferCode } from './offer-code.ts';
import { offerSpec } from './offer.spec.ts';
import { offerTerms } from './offer-terms.ts';

const DAY_MS = 86_400_000;

/**
 * Issues the offer with a fresh random code and puts it in the run context (`{{offer.code}}`,
 * `{{offer.expiresOn}}`, a coupon's rule as `{{offer.terms}}`: "满 100 减 20"). Once the contact holds `perContactLimit` offers from this node, it issues
 * none and reuses the newest one.
 */
export const offerExecutor = defineExecutor(offerSpec, {
  execute: ({ config, contact, run, node, now }) => {
    const fromHere = (contact.offers ?? []).filter((o) => o.journeyId === run.journeyId && o.nodeId === node.id);
    const { kind, name, value, currency, threshold } = config;
    const offer = { kind, name, value, currency, threshold, terms: offerTerms(config) };
    if (fromHere.length >= config.perContactLimit) {
      const newest = fromHere[0]!;
      return { type: 'next', port: 'out', context: { offer: { ...offer, code: newest.code, expiresOn: isoDay(newest.expiresAt) } } };
    }
    const code = generateOfferCode();
    const expiresAt = now + config.expiresInDays * DAY_MS;
    return {
      type: 'next',
      port: 'out',
      effects: [{ kind: 'offer', code, offerKind: kind, name, value, threshold, currency, expiresAt }],
      context: { offer: { ...offer, code, expiresOn: isoDay(expiresAt) } },
    };
  },
});

function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
