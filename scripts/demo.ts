/**
 * `pnpm demo`: publishes the butterfly template on a running server and sends a realistic event
 * stream — acquisitions by source, content views, first orders, referral invitations, memberships,
 * top-ups and repurchases — so the dashboard and the canvas counts fill in minutes.
 *
 * Environment: DEMO_URL (default http://localhost:3000), ADMIN_API_KEY (required), DEMO_CONTACTS
 * (default 3000), DEMO_DAY_SECONDS (how long a template day lasts in the demo, default 2), DEMO_SEED.
 */
import { fileURLToPath } from 'node:url';
import { SOURCE_GROUPS } from '../nodes/src/index.ts';
import { referralCodeFor } from '../nodes/src/server.ts';
import { JOURNEY_TEMPLATES } from '../editor/src/journeys/templates/journey-templates.ts';

/** What the demo needs to reach the server and how big a world to simulate. */
export interface DemoOptions {
  url: string;
  apiKey: string;
  contacts: number;
  daySeconds: number;
  seed: number;
  log?: (line: string) => void;
}

interface Event {
  contactId: string;
  type: string;
  properties?: Record<string, unknown>;
}

/** Source weights and how likely each group's contacts buy, invite and join. */
const SOURCES = [...SOURCE_GROUPS.ad, ...SOURCE_GROUPS.content, ...SOURCE_GROUPS.other];
const BUY_RATE = { ad: 0.3, content: 0.45, other: 0.35 } as const;
const COST_PER_CONTACT = { ad: 40, content: 15, other: 8 } as const;

/** Runs the simulation; resolves with the journey id once every event is sent and applied. */
export async function runDemo(options: DemoOptions): Promise<{ journeyId: string }> {
  const log = options.log ?? console.log;
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${options.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${options.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const send = async (events: Event[]) => {
    for (let i = 0; i < events.length; i += 1000) await api('POST', '/api/events/batch', { events: events.slice(i, i + 1000) });
  };

  await api('POST', '/api/plans', { id: 'gold_card', name: '金卡会员', kind: 'card', price: 199, tier: 'gold', durationDays: 365, benefits: ['全年 95 折', '生日礼', '专属客服'] });
  await api('POST', '/api/plans', { id: 'topup_1000', name: '充 1000 送 100', kind: 'stored_value', price: 1000, bonus: 100 });
  const template = JOURNEY_TEMPLATES.find((t) => t.key === 'butterfly-model')!;
  const graph = scaleDays(template.graph, options.daySeconds);
  const journey = await api('POST', '/api/journeys', { name: `蝴蝶模型演示 ${new Date().toISOString().slice(0, 16)}`, graph });
  const journeyId = String(journey.id);
  await api('POST', `/api/journeys/${journeyId}/publish`, {});
  log(`journey ${journeyId} published`);

  const run = `d${options.seed}`;
  const seeds = Array.from({ length: options.contacts }, (_, i) => ({ id: `${run}_c${i}`, source: pick(SOURCES) }));
  const groupOf = (source: string) => (Object.keys(SOURCE_GROUPS) as (keyof typeof SOURCE_GROUPS)[]).find((g) => (SOURCE_GROUPS[g] as readonly string[]).includes(source))!;
  const costs = new Map<string, number>();
  for (const s of seeds) costs.set(s.source, (costs.get(s.source) ?? 0) + COST_PER_CONTACT[groupOf(s.source)]);
  await api('PUT', '/api/analytics/source-costs', { items: [...costs].map(([source, cost]) => ({ source, cost })) });

  const reached = async (nodeId: string, count: number) => {
    for (;;) {
      const stats = await api('GET', `/api/journeys/${journeyId}/stats`);
      if ((stats.nodes[nodeId]?.entered ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const views = (ids: string[]) => ids.filter(() => random() < 0.7).map((contactId) => ({ contactId, type: 'content.viewed' }));

  await send(seeds.map((s) => ({ contactId: s.id, type: 'contact.acquired', properties: { source: s.source } })));
  await send(views(seeds.map((s) => s.id)));
  await reached('first_order', seeds.length);
  log(`${seeds.length} contacts acquired and nurtured`);

  const buyers = seeds.filter((s) => random() < BUY_RATE[groupOf(s.source)]).map((s) => s.id);
  // Some buyers already hold the gold card: after their first order they are asked to refer friends
  // ("small to big"); the others are pitched the membership.
  const referrers = buyers.filter(() => random() < 0.4);
  await send(referrers.map((contactId) => ({ contactId, type: 'membership.purchased', properties: { plan: 'gold_card' } })));
  await send(buyers.map((contactId) => ({ contactId, type: 'order.paid', properties: { amount: 99 } })));
  await reached('member_check', buyers.length);
  await reached('referral', referrers.length);
  log(`${buyers.length} first orders, ${referrers.length} of them by members`);

  const invitees = referrers.flatMap((referrer) =>
    Array.from({ length: Math.floor(random() * 5) }, (_, k) => ({ id: `${referrer}_f${k}`, code: referralCodeFor(referrer) })),
  );
  await send(invitees.map((f) => ({ contactId: f.id, type: 'contact.acquired', properties: { source: 'qr_code', referralCode: f.code } })));
  await send(views(invitees.map((f) => f.id)));
  await reached('first_order', seeds.length + invitees.length);
  const inviteeBuyers = invitees.filter(() => random() < 0.5).map((f) => f.id);
  await send(inviteeBuyers.map((contactId) => ({ contactId, type: 'order.paid', properties: { amount: 99 } })));
  log(`${invitees.length} invitees, ${inviteeBuyers.length} of them bought`);

  const customers = [...buyers, ...inviteeBuyers];
  const members = customers.filter(() => random() < 0.25);
  const toppedUp = customers.filter(() => random() < 0.1);
  await send([
    ...members.map((contactId) => ({ contactId, type: 'membership.purchased', properties: { plan: 'gold_card' } })),
    ...toppedUp.map((contactId) => ({ contactId, type: 'membership.purchased', properties: { plan: 'topup_1000' } })),
  ]);
  await send([
    ...toppedUp.map((contactId) => ({ contactId, type: 'balance.spent', properties: { amount: Math.round(random() * 600) + 1 } })),
    ...customers.filter(() => random() < 0.35).map((contactId) => ({ contactId, type: 'order.paid', properties: { amount: 129 } })),
  ]);
  log(`${members.length} members, ${toppedUp.length} top-ups; repurchases sent`);
  return { journeyId };
}

/** The template with every day of waiting shortened to `daySeconds` seconds. */
function scaleDays<T>(graph: T, daySeconds: number): T {
  return JSON.parse(JSON.stringify(graph), (key, value: unknown) => {
    if (value && typeof value === 'object' && 'days' in value && 'seconds' in value) {
      const d = value as { days: number; hours: number; minutes: number; seconds: number };
      const seconds = Math.max(1, Math.round((d.days + d.hours / 24 + d.minutes / 1440) * daySeconds + d.seconds));
      return { days: 0, hours: 0, minutes: 0, seconds };
    }
    return value;
  }) as T;
}

/** A small seeded PRNG, so a demo run can be repeated. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const apiKey = process.env.ADMIN_API_KEY;
  if (!apiKey) {
    console.error('Set ADMIN_API_KEY to the key the server was started with.');
    process.exit(1);
  }
  const url = process.env.DEMO_URL ?? 'http://localhost:3000';
  const { journeyId } = await runDemo({
    url,
    apiKey,
    contacts: Number(process.env.DEMO_CONTACTS ?? 3000),
    daySeconds: Number(process.env.DEMO_DAY_SECONDS ?? 2),
    seed: Number(process.env.DEMO_SEED ?? Date.now() % 100_000),
  });
  console.log(`Done. Canvas counts: ${url}/#/journeys/${journeyId}/monitor · dashboard: ${url}/#/dashboard`);
}
