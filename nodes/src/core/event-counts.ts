/** A property value a behaviour rule matches events by (compared as text, as stored). */
export type PropertyValue = string | number | boolean;

/**
 * How often a contact did something, as a node needs it counted before it runs: events of `event`
 * (with every property of `properties`) within the last `within.days` days, or since the run entered
 * the journey (`'journey'`).
 */
export interface EventCountNeed {
  event: string;
  properties?: Record<string, PropertyValue> | undefined;
  within: { days: number } | 'journey';
}

/** One count the store answers: the contact's events of `event` matching `properties`, with a timestamp from `since` on. */
export interface EventCountQuery {
  event: string;
  properties: Record<string, PropertyValue> | null;
  since: number;
}

const DAY_MS = 86_400_000;

/**
 * The query behind a need, at `now` for a run that entered at `enteredAt`.
 *
 * @example eventCountQuery({ event: 'content.viewed', within: { days: 7 } }, now, enteredAt).since // now - 7 days
 */
export function eventCountQuery(need: EventCountNeed, now: number, enteredAt: number): EventCountQuery {
  const properties = need.properties && Object.keys(need.properties).length > 0 ? need.properties : null;
  return { event: need.event, properties, since: need.within === 'journey' ? enteredAt : now - need.within.days * DAY_MS };
}

/** The key of a query's answer in `ContactSnapshot.eventCounts`. */
export function eventCountKey(query: EventCountQuery): string {
  const properties = query.properties ? Object.entries(query.properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  return JSON.stringify([query.event, properties, query.since]);
}
