import { vocabularyTitle, type Locale } from '@journey/nodes';
import type { TFunction } from 'i18next';
import type { ContactEvent, Step } from '../api/client.ts';

/** What the explanations need from the page: the translator, the language and a date formatter. */
export interface ExplainContext {
  t: TFunction;
  locale: Locale;
  formatDate: (iso: string) => string;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** An event's properties as `name: value` lines, names and values from the vocabulary where it knows them. */
export function eventProperties(event: Pick<ContactEvent, 'properties'>, { t, locale }: ExplainContext): string[] {
  return Object.entries(event.properties).map(([key, value]) => {
    const name = t(`contact.eventProperties.${key}`, { defaultValue: key });
    const shown = key === 'source' || key === 'channel' ? vocabularyTitle(key, text(value), locale) : text(value);
    return `${name}: ${shown}`;
  });
}

/**
 * The lines that say why a step went as it did, from its recorded `detail`: the event and source an
 * entry matched, the time a wait lasts until, or the rule that decided a condition with the values it
 * compared (the rule itself read from the node's `config` in the step's version).
 */
export function stepExplanation(step: Pick<Step, 'nodeType' | 'outcome' | 'detail'>, config: Record<string, unknown> | undefined, ctx: ExplainContext): string[] {
  const { t, locale, formatDate } = ctx;
  const detail = step.detail;
  if (!detail) return [];
  const eventName = (type: unknown) => vocabularyTitle('event', text(type), locale);
  if (step.outcome === 'wait') {
    const until = typeof detail.until === 'string' ? formatDate(detail.until) : null;
    if (detail.event) return [until ? t('contact.waitEventUntil', { event: eventName(detail.event), time: until }) : t('contact.waitEvent', { event: eventName(detail.event) })];
    return until ? [t('contact.waitUntil', { time: until })] : [];
  }
  if (step.nodeType === 'entry' && typeof detail.event === 'string') {
    return [t('contact.enteredBy', { event: eventName(detail.event) }), ...(typeof detail.source === 'string' ? [t('contact.enteredFrom', { source: vocabularyTitle('source', detail.source, locale) })] : [])];
  }
  if (typeof detail.rule === 'number' && typeof detail.kind === 'string') {
    const rules = Array.isArray(config?.rules) ? (config.rules as Record<string, unknown>[]) : [];
    const rule = rules[detail.rule] ?? { kind: detail.kind };
    const verdict = t(detail.held ? 'contact.decision.held' : 'contact.decision.notHeld');
    return [[t('contact.decision.rule', { n: detail.rule + 1, rule: ruleText(rule, ctx) }), ...actualText(detail, ctx), verdict].join(' · ')];
  }
  return [];
}

/** A rule in words, as the condition form names its parts (Chinese runs them together, English spaces them). */
function ruleText(rule: Record<string, unknown>, { t, locale }: ExplainContext): string {
  const word = (key: unknown) => t(`values.${text(key)}`, { defaultValue: text(key) });
  const quoted = (value: string) => (locale === 'en' ? `“${value}”` : `「${value}」`);
  const eventName = (type: unknown) => quoted(vocabularyTitle('event', text(type), locale));
  const parts = (() => {
    switch (rule.kind) {
      case 'tag':
        return [word('tag'), word(rule.op), quoted(text(rule.tag))];
      case 'attribute':
        return [word('attribute'), text(rule.key), word(rule.op), text(rule.value)];
      case 'last_event':
        return [word('last_event'), word(rule.op), eventName(rule.event)];
      case 'membership':
        return [word(rule.op), text(rule.tier ?? rule.days)];
      case 'balance':
        return [word('balance'), word(rule.op), text(rule.amount)];
      case 'offer':
        return [word(rule.op)];
      case 'behaviour':
        return [word(rule.op), eventName(rule.event), t('contact.decision.atLeast', { count: Number(rule.count ?? 1) })];
      default:
        return [word(rule.kind)];
    }
  })();
  return parts.filter(Boolean).join(locale === 'en' ? ' ' : '');
}

/** The values the condition compared, as it recorded them. */
function actualText(detail: Record<string, unknown>, { t, locale, formatDate }: ExplainContext): string[] {
  if (detail.kind === 'behaviour') {
    const since = typeof detail.since === 'number' ? [t('contact.decision.since', { time: formatDate(new Date(detail.since).toISOString()) })] : [];
    return [...since, t('contact.decision.actualCount', { count: Number(detail.count) })];
  }
  if ('has' in detail) return [t('contact.decision.actual', { value: t(detail.has ? 'values.has' : 'values.not_has') })];
  if (!('actual' in detail)) return [];
  const value =
    detail.actual === null || detail.actual === undefined ? t('contact.decision.none')
    : detail.kind === 'last_event' ? vocabularyTitle('event', text(detail.actual), locale)
    : text(detail.actual);
  return [t('contact.decision.actual', { value })];
}
