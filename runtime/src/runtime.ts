import type { Store, StoreMaintenance } from '@journey/db';
import type { NodeRegistry } from '@journey/nodes';
import type { ExecutorRegistry } from '@journey/nodes/server';
import { ChannelAdapters, type ChannelAdapter } from './channels/channel-adapter.ts';
import { OutboxDispatcher } from './channels/outbox-dispatcher.ts';
import { RecordingChannelAdapter } from './channels/recording-channel-adapter.ts';
import { WebhookChannelAdapter } from './channels/webhook-channel-adapter.ts';
import { EventProcessor } from './events/event-processor.ts';
import type { RunCommit } from '@journey/db';
import type { RunState } from '@journey/nodes/server';
import { retryFailedRun, skipFailedRun } from '@journey/nodes/engine';
import { BullmqDriver, type BullmqQueueOptions } from './queue/bullmq-driver.ts';
import { EmbeddedDriver } from './queue/embedded-driver.ts';
import { builtinExecutorRegistry } from './plugins/node-library.ts';
import type { LoadedPlugin } from './plugins/load-plugins.ts';
import { PluginHost } from './plugins/plugin-host.ts';
import type { SecretBox } from './plugins/secret-box.ts';
import { JourneyCache } from './queue/journey-cache.ts';
import { WorkspaceSettingsCache } from './queue/workspace-settings-cache.ts';
import { LeaderFence } from './queue/leader-fence.ts';
import { defaultLogger, type Logger } from './queue/logger.ts';
import { SliceBudget } from './queue/slice-budget.ts';
import { WorkLoop } from './queue/work-loop.ts';
import { SegmentEnroller } from './segments/segment-enroller.ts';
import { contactTraits, systemClock, type Clock, type ParsedEventInput, type Runtime, type RunActionResult } from './runtime-contract.ts';

export { EnrollmentError } from './events/event-processor.ts';

export interface RuntimeOptions {
  store: Store;
  /** The node library the API serves; node types in it without an executor are reported at start. */
  registry?: NodeRegistry;
  /**
   * Executors by node type (default: the built-ins, and the webhook node's executor refusing private
   * addresses except for the hosts in `WEBHOOK_ALLOWED_HOSTS`).
   */
  executors?: ExecutorRegistry;
  clock?: Clock;
  /**
   * Where messages of channels without an adapter of their own go. Default: a `WebhookChannelAdapter`
   * when `CHANNEL_WEBHOOK_URL` is set, else a `RecordingChannelAdapter`.
   */
  channel?: ChannelAdapter;
  /** Adapters of channels by name (a carrier's); plugins' channels come with `plugins`. */
  channels?: Record<string, ChannelAdapter>;
  /** Plugins that loaded: their channels, routes, tasks and reactions run in this runtime (`runtime.plugins`). */
  plugins?: readonly LoadedPlugin[];
  /** Where plugins read their configuration (default `process.env`); settings saved on the integrations page are overlaid on it. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Seals the secrets saved on the integrations page (`JOURNEY_SECRETS_KEY`); without it none can be saved. */
  secrets?: SecretBox | undefined;
  logger?: Logger;
  /** Runs go through BullMQ on Redis instead of the embedded queue (the server sets it from `REDIS_URL`). */
  queue?: BullmqQueueOptions;
}

/** Milliseconds one event-processing transaction aims at: a single `POST /api/events` waits behind at most one. */
const EVENT_SLICE_MS = 2;
/** Single events arriving within this many milliseconds of each other are processed in one transaction. */
const EVENT_SETTLE_MS = 5;

const epochMs = (instant: string | number) => (typeof instant === 'string' ? Date.parse(instant) : instant);

/**
 * An event as the store keeps it: its timestamp fixed — the client's, corrected for the client's clock
 * skew when it says when it sent it (received − (sentAt − timestamp)), else the time received.
 */
function toNewEvent(event: ParsedEventInput, now: number) {
  const happened = event.timestamp === undefined ? now : epochMs(event.timestamp);
  const timestamp = event.sentAt === undefined || event.timestamp === undefined ? happened : Math.max(0, now - (epochMs(event.sentAt) - happened));
  return { contactId: event.contactId, type: event.type, properties: event.properties, timestamp, messageId: event.messageId ?? null };
}

/**
 * The journey runtime: an event processor, the queue driver (embedded, the store as the queue; or
 * BullMQ) and the outbox dispatcher, each a background loop in this process that `kick()` wakes, and
 * the store's own maintenance while it runs (SQLite: WAL checkpoints off the event loop).
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ store: await openStore(process.env.DATABASE_URL) });
 * runtime.start();
 * await runtime.ingestEvents([{ contactId: 'u1', type: 'contact.acquired', properties: { source: 'qr_code' } }]);
 * await runtime.idle();
 * ```
 * @throws EnrollmentError from `enroll` when the journey is missing, not live or has no entry
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? defaultLogger();
  const executors = options.executors ?? builtinExecutorRegistry();
  const webhookUrl = process.env.CHANNEL_WEBHOOK_URL;
  const channels = new ChannelAdapters(options.channel ?? (webhookUrl ? new WebhookChannelAdapter(webhookUrl) : new RecordingChannelAdapter(store, clock)));
  for (const [name, adapter] of Object.entries(options.channels ?? {})) channels.register(name, adapter);
  const ingestEvents = async (events: ParsedEventInput[]) => {
    const now = clock.now();
    const stored = events.map((event) => toNewEvent(event, now));
    // Traits upsert the contact in the transaction that stores their event (a repeated event's are not applied again).
    const result = events.some((e) => e.traits)
      ? await store.transaction(async (tx) => {
          const ingested = await tx.events.ingest(stored, now);
          const updates = ingested.stored.flatMap((i) => {
            const { contactId, traits } = events[i]!;
            return traits ? [{ contactId, traits: contactTraits(traits) }] : [];
          });
          await tx.contacts.applyTraits(updates, now);
          return ingested;
        })
      : await store.events.ingest(stored, now);
    if (result.ids.length > 0) {
      if (driver instanceof BullmqDriver) driver.notifyLeader('events');
      else eventLoop.kick();
    }
    return { ids: result.ids, duplicates: result.duplicates };
  };
  const plugins = new PluginHost({ plugins: options.plugins ?? [], store, clock, logger, env: options.env ?? process.env, secrets: options.secrets, ingest: ingestEvents });
  for (const [name, adapter] of Object.entries(plugins.adapters(channels.fallback))) channels.register(name, adapter);
  const taskLoops = plugins.taskLoops();
  const settingsLoop = plugins.settingsLoop();

  const journeys = new JourneyCache(store, executors);
  const workspaceSettings = new WorkspaceSettingsCache(store);
  // With BullMQ, several processes share the store: leader-only work is fenced by the lease's token.
  const fence = options.queue ? new LeaderFence(store, 'leader') : undefined;
  const processor = new EventProcessor({ store, journeys, logger, fence });
  const dispatcher = new OutboxDispatcher({ store, channels, clock, fence });
  const dispatchLoop = new WorkLoop({ name: 'outbox-dispatcher', clock, logger, pass: () => dispatcher.dispatchBatch(clock.now()) });
  // Event batches are sized to take a few milliseconds on SQLite, so HTTP requests are not kept waiting behind them.
  const eventBudget = new SliceBudget({ targetMs: EVENT_SLICE_MS, max: 500, blocking: store.kind === 'sqlite' });
  const eventLoop = new WorkLoop({
    name: 'event-processor',
    clock,
    logger,
    settleMs: EVENT_SETTLE_MS,
    pass: async () => {
      const started = performance.now();
      const size = eventBudget.size();
      const result = await processor.processBatch(clock.now(), size);
      // A batch cut short by the end of the backlog carries its fixed cost over too few events to learn from.
      if (result.processed === size) eventBudget.record(size, performance.now() - started);
      if (result.runsChanged > 0) driver.kick();
      return result;
    },
  });
  const onMessages = () => dispatchLoop.kick();
  const react = plugins.reactions();
  const carrierLimits = () => plugins.carrierLimits();
  const enroll = async (journeyId: string, contactIds: string[]) => {
    const result = await store.transaction((tx) => processor.enrollIn(tx, journeyId, contactIds, clock.now()));
    if (result.enrolled > 0) driver.kick();
    return result;
  };
  const segmentEnroller = new SegmentEnroller({ store, fence, enroll: (tx, journeyId, contactIds) => processor.enrollIn(tx, journeyId, contactIds, clock.now()) });
  const segmentLoop = new WorkLoop({
    name: 'segment-enroller',
    clock,
    logger,
    pass: async () => {
      const result = await segmentEnroller.runBatch(clock.now());
      if (result.enrolled > 0) driver.kick();
      return result;
    },
  });
  const driver = options.queue
    ? new BullmqDriver({ ...options.queue, store, journeys, clock, logger, onNotice: (notice) => (notice === 'events' ? eventLoop : dispatchLoop).kick(), react, carrierLimits, fence: fence!, leaderLoops: [eventLoop, dispatchLoop, segmentLoop, ...taskLoops], settings: workspaceSettings })
    : new EmbeddedDriver({ store, journeys, clock, logger, onMessages, react, carrierLimits, settings: workspaceSettings });
  const loops = [eventLoop, driver, dispatchLoop, segmentLoop];
  // The BullMQ driver starts the event processor and the dispatcher in the one process holding its lease.
  const started = [settingsLoop, ...(driver instanceof BullmqDriver ? [driver] : [...loops, ...taskLoops])];
  let maintenance: StoreMaintenance | undefined;
  let filling: Promise<void> | undefined;

  const actOnFailedRun = async (runId: string, act: (run: RunState) => Promise<RunCommit['result']>): Promise<RunActionResult> => {
    const run = await store.runs.get(runId);
    if (!run) return { ok: false, reason: 'not_found' };
    if (run.status !== 'failed') return { ok: false, reason: 'not_failed' };
    if ((await store.runs.commit([{ before: run, result: await act(run) }], clock.now())).applied === 0) return { ok: false, reason: 'not_failed' };
    driver.kick();
    return { ok: true };
  };

  return {
    clock,
    workspaceSettings,
    plugins,
    start() {
      for (const spec of options.registry?.list() ?? []) {
        if (!executors.get(spec.type)) logger.warn({ nodeType: spec.type }, 'node type has no executor yet; runs reaching it will fail');
      }
      for (const plugin of plugins.plugins) {
        if (!plugins.configured(plugin)) logger.info({ plugin: plugin.name }, `plugin ${plugin.name} is not configured: it stays inactive`);
      }
      maintenance ??= store.startMaintenance();
      filling ??= fillNameSearch(store, logger);
      for (const loop of started) loop.start();
    },
    async stop() {
      await Promise.all([...started.map((loop) => loop.stop()), filling]);
      filling = undefined;
      await maintenance?.stop();
      maintenance = undefined;
    },
    ingestEvents,
    enroll,
    kick() {
      for (const loop of loops) loop.kick();
    },
    async nodeTypeGaps() {
      const gaps: { journeyId: string; version: number; nodeTypes: string[] }[] = [];
      for (const { id, status, publishedVersion } of await store.journeys.published()) {
        if (status !== 'live') continue;
        const journey = await journeys.get(id, publishedVersion).catch(() => undefined);
        if (journey && journey.missingTypes.length > 0) gaps.push({ journeyId: id, version: publishedVersion, nodeTypes: journey.missingTypes });
      }
      return gaps;
    },
    deliversChannel: (channel) => channels.delivers(channel),
    bullmqQueue: () => (driver instanceof BullmqDriver ? driver.queue : undefined),
    queueStatus: () =>
      driver instanceof BullmqDriver ? { driver: 'bullmq', redis: { ok: driver.redisReady }, leader: driver.leading } : { driver: 'embedded' },
    retryRun: (runId) => actOnFailedRun(runId, async (run) => ({ run: retryFailedRun(run), steps: [], effects: [], counters: [] })),
    skipRun: (runId) =>
      actOnFailedRun(runId, async (run) => ({ ...skipFailedRun(run, await journeys.get(run.journeyId, run.version), clock.now()), effects: [] })),
    async idle({ timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      const busy = async () =>
        (await processor.hasWork()) ||
        (await store.runs.hasDue(clock.now())) ||
        (await dispatcher.hasPending()) ||
        (await segmentEnroller.hasWork(clock.now()));
      while (await busy()) {
        if (Date.now() > deadline) throw new Error(`Runtime not idle after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

/** Keeps the pinyin search keys of contacts whose names were stored before the keys were, in the background. */
async function fillNameSearch(store: Store, logger: Logger): Promise<void> {
  try {
    let filled = 0;
    for (let batch = await store.contacts.fillNameSearch(500); batch > 0; batch = await store.contacts.fillNameSearch(500)) filled += batch;
    if (filled > 0) logger.info({ filled }, 'contacts search: pinyin kept for names stored earlier');
  } catch (err) {
    logger.error({ err }, 'contacts search: could not keep the pinyin of names stored earlier');
  }
}
