import { newId, type PausedEntries, type JourneyDraft, type JourneyRecord, type JourneyStatus, type Repositories, type Store } from '@journey/db';
import {
  CHANNELS,
  diffGraphs,
  KNOWN_EVENTS,
  vocabularyTitle,
  type CarrierLimit,
  type GraphDiff,
  type GraphProblem,
  type JourneyGraph,
  type JourneySettings,
  type LocalizedText,
  type MessagePriority,
  type NodeRegistry,
} from '@journey/nodes';
import { Conflict, InvalidGraph, NotFound } from '../domain-errors.ts';
import { listPage, type ListQuery } from './list-page.ts';
import { validateGraphInSlices } from './validate-in-slices.ts';

export type { JourneyDraft } from '@journey/db';

/** A journey as the API shows it (SPEC §5 names, plus `revision` for conflict checks). */
export interface JourneyView {
  id: string;
  name: string;
  status: JourneyStatus;
  graph: JourneyGraph;
  settings: JourneySettings;
  publishedVersion: number | null;
  /** While paused: `queue` (new entries wait for the resume) or `skip`; null otherwise. */
  pausedEntries: PausedEntries | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function toJourneyView(row: JourneyRecord): JourneyView {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    graph: row.graph,
    settings: row.settings,
    publishedVersion: row.publishedVersion,
    pausedEntries: row.status === 'paused' ? (row.pausedEntries ?? 'queue') : null,
    revision: row.revision,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** The journey, or `NotFound`. */
export async function findJourney(db: Repositories, id: string): Promise<JourneyRecord> {
  const row = await db.journeys.get(id);
  if (!row) throw new NotFound('Journey', id);
  return row;
}

export async function createJourney(db: Repositories, draft: JourneyDraft, now: number): Promise<JourneyView> {
  const record: JourneyRecord = { id: newId('jrn'), ...draft, status: 'draft', publishedVersion: null, pausedEntries: null, revision: 1, createdAt: now, updatedAt: now };
  await db.journeys.create(record);
  return toJourneyView(record);
}

/** Journeys, newest first. */
export function listJourneys(db: Repositories, query: ListQuery & { status?: JourneyStatus | undefined }) {
  return listPage(query, 'string', (page) => db.journeys.list({ status: query.status }, page), toJourneyView);
}

function revisionConflict(current: number): Conflict {
  return new Conflict('revision_conflict', 'The journey was changed since you loaded it; reload and try again', { revision: current });
}

/**
 * Applies a write guarded by the journey's revision: the caller's `revision` when it gave one (a 409
 * when the journey moved on), else the current one, read again when another writer got in between.
 */
async function atRevision<T>(db: Repositories, id: string, revision: number | undefined, write: (current: JourneyRecord) => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const current = await findJourney(db, id);
    if (revision !== undefined && revision !== current.revision) throw revisionConflict(current.revision);
    const written = await write(current);
    if (written !== undefined) return written;
    if (revision !== undefined) throw revisionConflict((await findJourney(db, id)).revision);
  }
}

/** Replaces the draft; with `revision`, only when nobody saved in between (else `Conflict`). */
export async function updateJourney(db: Repositories, id: string, draft: JourneyDraft & { revision?: number | undefined }, now: number): Promise<JourneyView> {
  const { revision, ...fields } = draft;
  const row = await atRevision(db, id, revision, (current) => db.journeys.update(id, fields, current.revision, now));
  return toJourneyView(row);
}

/** Deletes a journey that is not live and has no run in flight, with its versions and counters. */
export function deleteJourney(store: Store, id: string): Promise<void> {
  return store.transaction(async (tx) => {
    const current = await findJourney(tx, id);
    if (current.status === 'live') throw new Conflict('journey_live', 'Pause the journey before deleting it');
    const inFlight = await tx.runs.countOpen(id);
    if (inFlight > 0) throw new Conflict('journey_has_runs', `${inFlight} contacts are still in this journey`, { inFlight });
    await tx.journeys.delete(id);
  });
}

/**
 * Archives a journey that is not live and has no run in flight: it leaves the journey list (it is
 * listed with `status=archived`), takes no contacts and cannot be resumed; its history stays.
 */
export function archiveJourney(store: Store, id: string, now: number): Promise<JourneyView> {
  return store.transaction(async (tx) => {
    const current = await findJourney(tx, id);
    if (current.status === 'live') throw new Conflict('journey_live', 'Pause the journey before archiving it');
    if (current.status === 'archived') throw new Conflict('invalid_status', 'The journey is archived already');
    const inFlight = await tx.runs.countOpen(id);
    if (inFlight > 0) throw new Conflict('journey_has_runs', `${inFlight} contacts are still in this journey`, { inFlight });
    const row = await tx.journeys.setStatus(id, 'archived', current.revision, now);
    if (!row) throw revisionConflict((await findJourney(tx, id)).revision);
    return toJourneyView(row);
  });
}

/**
 * Freezes the draft as the next immutable version and makes the journey live. An invalid graph is
 * refused with every problem (`InvalidGraph`), a changed `revision` with `Conflict`; nothing is written then.
 * The graph is validated before the transaction, in slices (`validateGraphInSlices`): the version is
 * written only if the draft is still at the revision that was validated, else it is read and validated again.
 */
export function publishJourney(
  store: Store,
  registry: NodeRegistry,
  id: string,
  options: { by: string | null; revision?: number | undefined; note?: string | null },
  now: number,
): Promise<{ version: number }> {
  return atRevision(store, id, options.revision, async (current) => {
    const validation = await validateGraphInSlices(current.graph, registry);
    if (!validation.valid || !validation.graph) {
      throw new InvalidGraph('invalid_graph', `The journey has ${validation.problems.length} problem(s) to fix before publishing`, validation.problems);
    }
    const graph = validation.graph;
    return store.transaction(async (tx) => {
      const version = (await tx.journeys.lastVersion(id)) + 1;
      const published = await tx.journeys.publish(
        { journeyId: id, version, graph, settings: current.settings, publishedAt: now, publishedBy: options.by, note: options.note ?? null },
        current.revision,
        now,
      );
      return published ? { version } : undefined;
    });
  });
}

/**
 * Pauses a live journey (new entries queued for the resume, or skipped) or resumes a paused one; any
 * other move is a `Conflict`.
 */
export async function moveJourney(db: Repositories, id: string, to: 'live' | 'paused', now: number, entries?: PausedEntries): Promise<JourneyView> {
  const from: JourneyStatus = to === 'paused' ? 'live' : 'paused';
  const row = await atRevision(db, id, undefined, async (current) => {
    if (current.status !== from) {
      throw new Conflict('invalid_status', `Only a ${from} journey can be ${to === 'paused' ? 'paused' : 'resumed'}; this one is ${current.status}`);
    }
    return db.journeys.setStatus(id, to, current.revision, now, entries);
  });
  return toJourneyView(row);
}

/** Published versions, newest first, each with who published it by name (a user's name, an API key's name). */
export async function listVersions(db: Repositories, id: string, query: ListQuery) {
  await findJourney(db, id);
  const page = await listPage(query, 'number', (p) => db.journeys.versions(id, p), (v) => ({
    journeyId: v.journeyId,
    version: v.version,
    graph: v.graph,
    settings: v.settings,
    publishedAt: new Date(v.publishedAt).toISOString(),
    publishedBy: v.publishedBy,
    note: v.note,
  }));
  const names = new Map<string, string | null>();
  for (const actor of new Set(page.items.flatMap((v) => (v.publishedBy ? [v.publishedBy] : [])))) names.set(actor, await actorName(db, actor));
  return { ...page, items: page.items.map((v) => ({ ...v, publisher: v.publishedBy ? (names.get(v.publishedBy) ?? null) : null })) };
}

/**
 * What changed between a published version and another version or the draft, from the older of the two
 * to the newer (the draft is the newest). An unknown journey or version is `NotFound`.
 *
 * @example
 * ```ts
 * await diffVersion(store, 'jrn_1', 1, 'draft'); // { from: 1, to: 'draft', added: [...], removed: [], changed: [...] }
 * ```
 */
export async function diffVersion(db: Repositories, id: string, version: number, against: number | 'draft'): Promise<{ from: number | 'draft'; to: number | 'draft' } & GraphDiff> {
  const journey = await findJourney(db, id);
  const graphOf = async (v: number | 'draft') => {
    if (v === 'draft') return journey.graph;
    const found = await db.journeys.version(id, v);
    if (!found) throw new NotFound('Version', `${id} v${v}`);
    return found.graph;
  };
  const [from, to] = against === 'draft' || against > version ? [version, against] : [against, version];
  return { from, to, ...diffGraphs(await graphOf(from), await graphOf(to)) };
}

/** The name people know an actor by: the user's name (else e-mail) or the API key's name; `null` when it is gone. */
async function actorName(db: Repositories, actor: string): Promise<string | null> {
  const user = await db.users.get(actor);
  if (user) return user.name || user.email;
  return (await db.apiKeys.get(actor))?.name ?? null;
}

/** What `referenceWarnings` knows of this process besides the store: its node types, carriers' limits and connected channels. */
export interface ReferenceContext {
  /** The node types, whose schemas fill in the defaults a stored config leaves out (a push's channel). */
  registry: NodeRegistry;
  /** The configured carriers' limits on marketing messages. */
  carrierLimits: readonly CarrierLimit[];
  /** Whether messages on a channel reach people (see `Runtime.deliversChannel`). */
  deliversChannel: (channel: string) => boolean;
  /** What the carrier delivering a channel refuses or restricts of a push written this way (see `PluginHost.channelAdvice`). */
  channelAdvice: (channel: string, push: { title: string; template: string; priority: MessagePriority }) => LocalizedText | undefined;
}

/**
 * Warnings (publishable) about what the graph names that the store does not have: a membership plan
 * that does not exist or is archived, and event types that nothing has sent yet (a condition's, a
 * wait's, a referral's qualifying event); messages on a channel nothing delivers (they are only
 * recorded); for marketing pushes on a channel whose carrier limits what a contact receives, that limit;
 * and what a push's carrier refuses or restricts of it as written.
 */
export async function referenceWarnings(db: Repositories, graph: JourneyGraph, context: ReferenceContext): Promise<GraphProblem[]> {
  const [plans, seen] = await Promise.all([db.butterfly.plans(), db.events.typeCounts(5000)]);
  const livePlans = new Set(plans.filter((p) => !p.archived).map((p) => p.id));
  const seenTypes = new Set([...seen.map((s) => s.type), ...KNOWN_EVENTS]);
  const problems: GraphProblem[] = [];
  for (const [i, node] of graph.nodes.entries()) {
    const parsed = context.registry.get(node.type)?.config.safeParse(node.config);
    const config = (parsed?.success ? parsed.data : node.config) as Record<string, unknown>;
    if (node.type === 'membership_upsell' && typeof config.plan === 'string' && !livePlans.has(config.plan)) {
      problems.push({
        code: 'unknown_reference',
        severity: 'warning',
        nodeId: node.id,
        path: ['nodes', i, 'config', 'plan'],
        message: { 'zh-CN': `会员方案「${config.plan}」不存在或已停用：请在“会员方案”中创建，或选择已有方案`, en: `The plan "${config.plan}" does not exist or is archived: create it under Plans, or pick one` },
      });
    }
    const channel = (CHANNELS as readonly unknown[]).includes(config.channel) ? String(config.channel) : undefined;
    if (channel && !context.deliversChannel(channel)) problems.push(channelNotConnectedWarning(i, node.id, channel));
    const limit = node.type === 'content_push' && config.priority !== 'transactional' ? context.carrierLimits.find((l) => l.channels.includes(String(config.channel))) : undefined;
    if (limit) problems.push(carrierLimitWarning(i, node.id, String(config.channel), limit));
    const advice =
      node.type === 'content_push' && channel
        ? context.channelAdvice(channel, { title: String(config.title ?? ''), template: String(config.template ?? ''), priority: config.priority === 'transactional' ? 'transactional' : 'marketing' })
        : undefined;
    if (advice) problems.push({ code: 'carrier_rule', severity: 'warning', nodeId: node.id, path: ['nodes', i, 'config', 'title'], message: advice });
    const events = [config.event, config.qualifyEvent, ...(Array.isArray(config.rules) ? config.rules.map((r: { kind?: string; event?: unknown }) => (r.kind === 'behaviour' || r.kind === 'last_event' ? r.event : undefined)) : [])];
    for (const event of new Set(events.filter((e): e is string => typeof e === 'string'))) {
      if (seenTypes.has(event)) continue;
      problems.push({
        code: 'event_never_seen',
        severity: 'warning',
        nodeId: node.id,
        path: ['nodes', i, 'config'],
        message: { 'zh-CN': `还没有收到过「${event}」事件：确认事件名与埋点一致`, en: `No "${event}" event has been received yet: check the name matches what your tracking sends` },
      });
    }
  }
  return problems;
}

function channelNotConnectedWarning(index: number, nodeId: string, channel: string): GraphProblem {
  const zh = vocabularyTitle('channel', channel, 'zh-CN');
  const en = vocabularyTitle('channel', channel, 'en');
  return {
    code: 'channel_not_connected',
    severity: 'warning',
    nodeId,
    path: ['nodes', index, 'config', 'channel'],
    message: {
      'zh-CN': `「${zh}」渠道还没有接通：消息只会记录在系统里，客户收不到。请管理员在“集成”页接通该渠道，或配置消息中转地址`,
      en: `The ${en} channel is not connected: messages are only recorded and no customer receives them. Ask an admin to connect it on the Integrations page, or to set up a message relay`,
    },
  };
}

function carrierLimitWarning(index: number, nodeId: string, channel: string, limit: CarrierLimit): GraphProblem {
  const period = { 'zh-CN': limit.period === 'month' ? '每月' : '每天', en: limit.period === 'month' ? 'a month' : 'a day' };
  const next = { 'zh-CN': limit.period === 'month' ? '下个月' : '第二天', en: limit.period === 'month' ? 'the next month' : 'the next day' };
  return {
    code: 'carrier_limit',
    severity: 'warning',
    nodeId,
    path: ['nodes', index, 'config', 'channel'],
    message: {
      'zh-CN': `「${vocabularyTitle('channel', channel, 'zh-CN')}」每位客户${period['zh-CN']}最多收到 ${limit.max} 条营销消息（渠道方的规定）：超出的会暂缓到${next['zh-CN']}再发`,
      en: `${vocabularyTitle('channel', channel, 'en')} lets each customer receive at most ${limit.max} marketing messages ${period.en} (the carrier's rule): messages past it are held until ${next.en}`,
    },
  };
}
