import type { CarrierLimit } from '@journey/nodes';
import type { WorkspaceSettingsCache } from './workspace-settings-cache.ts';
import type { Store } from '@journey/db';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Clock } from '../runtime-contract.ts';
import type { JourneyCache } from './journey-cache.ts';
import type { LeaderFence } from './leader-fence.ts';
import { LeaderLease } from './leader-lease.ts';
import type { Logger } from './logger.ts';
import { RunBatcher } from './run-batcher.ts';
import { runJob, type RunJob } from './run-job.ts';
import { RunStepper, type EffectReactions } from './run-stepper.ts';
import { Sweeper } from './sweeper.ts';
import { WorkLoop } from './work-loop.ts';

/** Where and how the BullMQ driver runs (SPEC §4 "Queue drivers"). */
export interface BullmqQueueOptions {
  redisUrl: string;
  /** Key prefix of this deployment in Redis (`BULLMQ_PREFIX`); tests use their own. */
  prefix: string;
  /** Process run jobs in this process (default true); an API server may only enqueue. */
  work?: boolean;
  /** Jobs this process holds at once, stepped and committed together (default 200). */
  concurrency?: number;
  /** Runs due longer than this without a job are re-queued by the sweeper (default 10 s). */
  sweepGraceMs?: number;
  /** How often the sweeper looks (default 2 s). */
  sweepIntervalMs?: number;
}

export interface BullmqDriverOptions extends BullmqQueueOptions {
  store: Store;
  journeys: JourneyCache;
  clock: Clock;
  logger: Logger;
  /** Loops one process of the deployment runs at a time (event processing, the outbox dispatcher). */
  leaderLoops: readonly WorkLoop[];
  /** The lease's fencing token in the store, taken on winning the lease and checked by the leader loops' writes. */
  fence: LeaderFence;
  /**
   * Called in the leader when a process of the deployment says there is work for its loops: events
   * stored (`events`), outbox messages written (`outbox`). Without it they find the work at their next poll.
   */
  onNotice?: (notice: LeaderNotice) => void;
  /** The workspace settings the steps read (default: read from `store`). */
  settings?: WorkspaceSettingsCache;
  /** Effects the plugins add to steps' effects. */
  react?: EffectReactions | undefined;
  /** The configured carriers' limits per contact (WeCom's monthly mass messages). */
  /** The configured carriers' limits, as they are now (plugins' settings change them). */
  carrierLimits?: (() => readonly CarrierLimit[]) | undefined;
}

/** The queue's name under the prefix. */
const QUEUE = 'runs';

/** What a process tells the leader (`BullmqDriver.notifyLeader`): there are events to process, or messages to deliver. */
export type LeaderNotice = 'events' | 'outbox';
const NOTICES: readonly LeaderNotice[] = ['events', 'outbox'];

/**
 * The queue driver on Redis: runs go through a BullMQ queue whose jobs only name a run; a worker loads
 * the run, steps it if the database says it is still due, and commits with the embedded driver's code.
 * Waits become delayed jobs. One process of the deployment, elected by a Redis lease, processes events,
 * delivers the outbox and runs the sweeper that queues new and lost runs from the database.
 *
 * @example
 * ```ts
 * const driver = new BullmqDriver({ redisUrl, prefix: 'journey', store, journeys, clock, logger, leaderLoops: [events, outbox] });
 * driver.start();
 * ```
 */
export class BullmqDriver {
  readonly #options: BullmqDriverOptions;
  readonly #stepper: RunStepper;
  readonly #queue: Queue;
  readonly #redis: Redis;
  readonly #sweeperLoop: WorkLoop;
  readonly #lease: LeaderLease;
  /** The connection subscribed to the leader notices (a subscribing connection can do nothing else). */
  readonly #notices: Redis;
  /** Notices asked for in this turn of the event loop, published together at its end. */
  readonly #noticesDue = new Set<LeaderNotice>();
  #worker: Worker | undefined;

  constructor(options: BullmqDriverOptions) {
    this.#options = options;
    const { store, journeys, clock, logger, redisUrl, prefix } = options;
    this.#stepper = new RunStepper({ store, journeys, logger, holdMissingTypes: true, settings: options.settings, react: options.react, carrierLimits: options.carrierLimits });
    this.#queue = new Queue(QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix });
    this.#queue.on('error', (err) => logger.warn({ err }, 'BullMQ queue error'));
    this.#redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.#redis.on('error', (err) => logger.warn({ err }, 'Redis connection error'));
    this.#notices = this.#redis.duplicate();
    this.#notices.on('error', (err) => logger.warn({ err }, 'Redis connection error (leader notices)'));
    this.#notices.on('message', (_channel: string, notice: string) => {
      if (this.#lease.leading && (NOTICES as readonly string[]).includes(notice)) options.onNotice?.(notice as LeaderNotice);
    });
    const sweeper = new Sweeper({
      store,
      queue: this.#queue,
      clock,
      ...(options.sweepGraceMs === undefined ? {} : { graceMs: options.sweepGraceMs }),
      ...(options.sweepIntervalMs === undefined ? {} : { intervalMs: options.sweepIntervalMs }),
    });
    this.#sweeperLoop = new WorkLoop({ name: 'sweeper', clock, logger, pass: () => sweeper.pass(), maxSleepMs: options.sweepIntervalMs ?? 2000 });
    const leaderLoops = [...options.leaderLoops, this.#sweeperLoop];
    this.#lease = new LeaderLease({
      redis: this.#redis,
      key: `${prefix}:${QUEUE}:leader`,
      logger,
      onGain: async () => {
        await options.fence.acquire(clock.now());
        for (const loop of leaderLoops) loop.start();
      },
      onLose: async () => {
        await Promise.all(leaderLoops.map((loop) => loop.stop()));
        options.fence.release();
      },
    });
    options.fence.onLost = () => void this.#lease.stepDown();
  }

  /** True when the Redis connection is up. */
  get redisReady(): boolean {
    return this.#redis.status === 'ready';
  }

  /** The queue runs go through. */
  get queue(): Queue {
    return this.#queue;
  }

  /** True while this process holds the leader lease. */
  get leading(): boolean {
    return this.#lease.leading;
  }

  start(): void {
    void this.#redis.connect().catch(() => {});
    void this.#notices.subscribe(this.#noticeChannel).catch((err: unknown) => this.#options.logger.warn({ err }, 'Leader notices not subscribed'));
    this.#lease.start();
    if (this.#options.work === false) return;
    const batcher = new RunBatcher((runIds) => this.#stepRuns(runIds));
    this.#worker = new Worker<{ runId: string }>(QUEUE, (job) => batcher.add(job.data.runId), {
      connection: { url: this.#options.redisUrl, maxRetriesPerRequest: null },
      prefix: this.#options.prefix,
      concurrency: this.#options.concurrency ?? 200,
      // A killed worker's jobs come back after the lock runs out; the sweeper is the last resort.
      lockDuration: 10_000,
      stalledInterval: 5000,
      maxStalledCount: 5,
    });
    this.#worker.on('error', (err) => this.#options.logger.warn({ err }, 'BullMQ worker error'));
  }

  /** Finishes the jobs in flight, hands the lease over and closes the Redis connections. */
  async stop(): Promise<void> {
    await this.#worker?.close();
    await this.#lease.stop();
    await this.#queue.close();
    this.#redis.disconnect();
    this.#notices.disconnect();
  }

  /**
   * Tells the leader there is work for its loops now: at once when this process leads, else through Redis
   * (notices of one turn of the event loop go together). A notice lost with Redis only delays the work
   * to the loop's next poll.
   */
  notifyLeader(notice: LeaderNotice): void {
    if (this.#lease.leading) {
      this.#options.onNotice?.(notice);
      return;
    }
    if (this.#noticesDue.size === 0) {
      setImmediate(() => {
        for (const due of this.#noticesDue) void this.#redis.publish(this.#noticeChannel, due).catch(() => {});
        this.#noticesDue.clear();
      });
    }
    this.#noticesDue.add(notice);
  }

  get #noticeChannel(): string {
    return `${this.#options.prefix}:${QUEUE}:notices`;
  }

  /** Runs may have become due: the sweeper queues them (in the leader). */
  kick(): void {
    this.#sweeperLoop.kick();
  }

  async #stepRuns(runIds: string[]): Promise<void> {
    const now = this.#options.clock.now();
    const { commits, messages } = await this.#stepper.step({ ids: runIds }, now);
    const next: RunJob[] = [];
    for (const { result } of commits) {
      const job = runJob({ ...result.run, updatedAt: now }, now);
      if (job) next.push(job);
    }
    if (next.length > 0) await this.#queue.addBulk(next);
    if (messages > 0) this.notifyLeader('outbox');
  }
}

