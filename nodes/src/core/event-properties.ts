import { z } from 'zod';
import { moneySchema } from './money.ts';

const purchase = z.looseObject({ amount: moneySchema.optional() });

/**
 * The properties the product reads from the events it acts on, by event type, checked when an event is
 * ingested: an amount that is not money (`"0x1"`, `[1]`, `true`) is refused with its path instead of
 * being coerced when the event is processed. Other properties, and other event types, are kept as sent.
 *
 * @example
 * ```ts
 * EVENT_PROPERTIES['balance.spent']?.safeParse({ amount: '0x1' }).success; // false
 * ```
 */
export const EVENT_PROPERTIES: Readonly<Partial<Record<string, z.ZodType<Record<string, unknown>>>>> = {
  /** A spend from the contact's stored value. */
  'balance.spent': z.looseObject({ amount: moneySchema.positive() }),
  /** A membership card or stored-value plan bought (`plan`), at `amount` when the shop sends it. */
  'membership.purchased': purchase,
  'membership.renewed': purchase,
};
