import { ALWAYS_SET_VARIABLES, TEMPLATE_VARIABLES, variablesWithoutFallback, type Locale } from '@journey/nodes';
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
 * nearest upstream offer node issues (its name, value and expiry, counted from today), else a made-up one.
 */
export function templateSample(locale: Locale, upstream: TemplateUpstream = NO_UPSTREAM, today = Date.now()): TemplateSample {
  const zh = locale === 'zh-CN';
  const contactName = zh ? '王小明' : 'Alex Wang';
  const offerNode = upstream.offer;
  const offerConfig = offerNode?.config ?? {};
  const days = typeof offerConfig.expiresInDays === 'number' ? offerConfig.expiresInDays : 7;
  const offer = offerNode
    ? {
        code: 'NEW8-K2P9',
        name: typeof offerConfig.name === 'string' && offerConfig.name ? offerConfig.name : offerNode.label,
        value: offerConfig.value ?? 0,
        currency: offerConfig.currency ?? 'CNY',
        kind: offerConfig.kind ?? 'coupon',
        threshold: offerConfig.threshold,
        expiresOn: new Date(today + days * DAY_MS).toISOString().slice(0, 10),
      }
    : { code: 'NEW8-K2P9', name: zh ? '新客 8 折券' : '20% off for new customers', value: 20, currency: 'CNY', expiresOn: '2025-12-31' };
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
