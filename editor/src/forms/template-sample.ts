import { ALWAYS_SET_VARIABLES, offerTerms, TEMPLATE_VARIABLES, variablesWithoutFallback, type Locale } from '@journey/nodes';
import { NO_UPSTREAM, type TemplateUpstream } from './template-upstream.ts';

const DAY_MS = 86_400_000;

/** The sample the live preview fills a template with: a made-up contact, and the upstream offer when there is one. */
export interface TemplateSample {
  context: Record<string, unknown>;
  contactName: string;
  /** The upstream offer node the `offer.*` values come from; null when they are made up. */
  offerFrom: string | null;
}

/**
 * The made-up contact and referral the live preview fills the template with, and the offer: the one the
 * nearest upstream offer node issues (its name, value, 满减 rule and expiry, counted from today), else a made-up one.
 */
export function templateSample(locale: Locale, upstream: TemplateUpstream = NO_UPSTREAM, today = Date.now()): TemplateSample {
  const zh = locale === 'zh-CN';
  const contactName = zh ? '王小明' : 'Alex Wang';
  const offerNode = upstream.offer;
  const offer = offerNode ? upstreamOffer(offerNode.label, offerNode.config, today) : madeUpOffer(zh);
  return {
    contactName,
    offerFrom: offerNode ? offerNode.label || offer.name : null,
    context: {
      contact: { id: 'c_1001', name: contactName, attributes: { city: zh ? '上海' : 'Shanghai' } },
      offer,
      referral: { code: 'R7QX2', link: 'https://example.com/r/R7QX2' },
      event: { type: 'contact.acquired' },
    },
  };
}

/** The offer an upstream offer node issues, as the run context will hold it (a sample code). */
function upstreamOffer(label: string, config: Record<string, unknown>, today: number) {
  const days = typeof config.expiresInDays === 'number' ? config.expiresInDays : 7;
  const money = (value: unknown) => (typeof value === 'number' ? value : 0);
  const kind = typeof config.kind === 'string' ? config.kind : 'coupon';
  const value = money(config.value);
  const threshold = money(config.threshold);
  return {
    code: 'NEW8-K2P9',
    name: typeof config.name === 'string' && config.name ? config.name : label,
    value,
    currency: typeof config.currency === 'string' ? config.currency : 'CNY',
    kind,
    threshold,
    terms: offerTerms({ kind, value, threshold }),
    expiresOn: new Date(today + days * DAY_MS).toISOString().slice(0, 10),
  };
}

function madeUpOffer(zh: boolean) {
  const value = 20;
  const threshold = 100;
  const name = zh ? '新客满减券' : 'New customer coupon';
  return { code: 'NEW8-K2P9', name, value, currency: 'CNY', kind: 'coupon', threshold, terms: offerTerms({ kind: 'coupon', value, threshold }), expiresOn: '2025-12-31' };
}

/**
 * Variables of the template that may render empty: a contact field without a fallback, or an offer or
 * referral value with no node upstream that fills it.
 */
export interface RiskyVariable {
  path: string;
  reason: 'no_fallback' | 'no_source';
}

export function riskyVariables(template: string, upstream: TemplateUpstream): RiskyVariable[] {
  const filled = new Set([...(upstream.offer ? ['offer'] : []), ...(upstream.referral ? ['referral_reward'] : [])]);
  return variablesWithoutFallback(template).flatMap((path): RiskyVariable[] => {
    if (ALWAYS_SET_VARIABLES.has(path)) return [];
    const known = TEMPLATE_VARIABLES.find((v) => v.path === path);
    const from = known?.from ?? (path.startsWith('offer.') ? 'offer' : path.startsWith('referral.') ? 'referral_reward' : undefined);
    if (from) return filled.has(from) ? [] : [{ path, reason: 'no_source' }];
    return [{ path, reason: 'no_fallback' }];
  });
}
