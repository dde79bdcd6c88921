import type { AppType } from '@journey/runtime/api';
import { hc, type ClientResponse, type InferRequestType, type InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { ContactWay } from '../../../plugins/wecom/contact-ways.ts';

// The editor talks to the server through Hono's typed `hc` client over the server's own route types
// (a type-only import: no server code reaches the bundle). Request and answer types below are inferred
// from the routes' zod schemas, so a change on the server that breaks the editor fails `pnpm typecheck`.

/**
 * An API error (`{ error: { code, message, details? } }`), or a network failure with code `network`.
 * The UI shows `friendlyError(error)`, never the raw text of a failed request.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The graph problems of a 422 answer (publishing an invalid graph), else an empty list. */
  get problems(): ValidationProblem[] {
    return this.status === 422 && Array.isArray(this.details) ? (this.details as ValidationProblem[]) : [];
  }

  /** The 400 (or 403) details naming `field` of the request body or query, such as `newPassword`. */
  issuesAt(field: string): { path: unknown[]; code?: string; message?: string; minimum?: number }[] {
    if (!Array.isArray(this.details)) return [];
    return (this.details as { path?: unknown }[]).filter(
      (d): d is { path: unknown[] } => Array.isArray(d?.path) && d.path[0] === field,
    );
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token; every later non-GET request sends it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The `fetch` every request goes through: cookies included, JSON asked for, the session's CSRF token on
 * writes, and a failure to reach the server turned into `ApiError` with code `network`.
 */
function sessionFetch(send: typeof fetch): typeof fetch {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    if (!SAFE_METHODS.has((init.method ?? 'GET').toUpperCase()) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
    try {
      return await send(input, { ...init, headers, credentials: 'include' });
    } catch (cause) {
      throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
    }
  };
}

/** What a response of `R` carries when it succeeded: its JSON, or `undefined` for a bodiless 204. */
type Answer<R> = R extends ClientResponse<infer T, infer S, infer F> ? (S extends SuccessStatusCode ? (F extends 'json' ? T : undefined) : never) : never;

/**
 * Waits for a typed response and returns its success body; any other status throws `ApiError` with
 * the server's `{ error: { code, message, details } }`.
 */
async function answer<R extends ClientResponse<unknown>>(pending: Promise<R>): Promise<Answer<R>> {
  const response = await pending;
  const text = await response.text();
  let json: unknown = undefined;
  let readable = true;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      readable = false;
    }
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string' ? error.message : response.statusText,
      error?.details,
    );
  }
  if (!readable) throw new ApiError(response.status, 'invalid_response', 'The server answered something other than JSON');
  return json as Answer<R>;
}

/** Path parameters go into the URL as they are, so ids are encoded here (a contact id may hold `/`). */
const param = (id: string) => ({ param: { id: encodeURIComponent(id) } });

/** `query` without its undefined, null or empty values (an empty filter means no filter). */
function compact<Q extends Record<string, unknown>>(query: Q): { [K in keyof Q]: Exclude<Q[K], null> } {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) as never;
}

/**
 * A plugin's own route (`/api/integrations/<plugin>/…`): plugins add routes at start, so they are not in
 * the typed client; `T` is the answer the plugin documents.
 */
const pluginFetch = sessionFetch((input, init) => fetch(input, init));
function pluginCall<T>(path: string, body?: unknown): Promise<T> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  return answer(pluginFetch(`/api/integrations/${path}`, init) as Promise<ClientResponse<T, 200, 'json'>>) as Promise<T>;
}

/** The typed client of the API under `/api`, for one base URL and `fetch`. */
export function createApiClient(options: { baseUrl?: string; fetch?: typeof fetch } = {}) {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return hc<AppType>(options.baseUrl ?? '/', { fetch: sessionFetch(send) }).api;
}

/** The typed `hc` client of the whole API; `api` below is the editor's calls on it. */
export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * The editor's API calls over a typed client: answers typed from the server's schemas, errors as
 * `ApiError`, the CSRF header on writes.
 *
 * @example
 * ```ts
 * const { user, csrfToken } = await api.login('admin@example.com', 'secret');
 * setCsrfToken(csrfToken);
 * const { items } = await api.listJourneys();
 * ```
 */
export function createApi(client: ApiClient = createApiClient()) {
  const journey = client.journeys[':id'];
  return {
    login: (email: string, password: string) => answer(client.auth.login.$post({ json: { email, password } })),
    me: () => answer(client.auth.me.$get()),
    updateMe: (patch: InferRequestType<typeof client.auth.me.$patch>['json']) => answer(client.auth.me.$patch({ json: patch })),
    changePassword: (passwords: InferRequestType<typeof client.auth.password.$post>['json']) =>
      answer(client.auth.password.$post({ json: passwords })),
    logout: () => answer(client.auth.logout.$post()),
    nodeTypes: () => answer(client['node-types'].$get()),
    health: () => answer(client.health.$get()),
    checkNode: (type: string, config: unknown) => answer(client['node-types'].check.$post({ json: { type, config } })),
    eventTypes: () => answer(client.events.types.$get()),
    butterfly: (journeyId: string | null, range: { from?: string; to?: string } = {}) =>
      answer(client.analytics.butterfly.$get({ query: compact({ journeyId, ...range }) })),
    sourceCosts: () => answer(client.analytics['source-costs'].$get()),
    putSourceCosts: (items: { source: string; cost: number }[]) => answer(client.analytics['source-costs'].$put({ json: { items } })),
    listJourneys: (cursor?: string) => answer(client.journeys.$get({ query: compact({ limit: '100', cursor }) })),
    createJourney: (draft: InferRequestType<typeof client.journeys.$post>['json']) => answer(client.journeys.$post({ json: draft })),
    getJourney: (id: string) => answer(journey.$get(param(id))),
    saveJourney: (id: string, draft: JourneyDraft) => answer(journey.$put({ ...param(id), json: draft })),
    deleteJourney: (id: string) => answer(journey.$delete(param(id))),
    archiveJourney: (id: string) => answer(journey.archive.$post(param(id))),
    validate: (graph: unknown) => answer(client.journeys.validate.$post({ json: { graph } })),
    publish: (id: string, note?: string) => answer(journey.publish.$post({ ...param(id), json: note ? { note } : {} })),
    pause: (id: string, entries: 'queue' | 'skip' = 'queue') => answer(journey.pause.$post({ ...param(id), json: { entries } })),
    resume: (id: string) => answer(journey.resume.$post(param(id))),
    simulate: (id: string, request: SimulationRequest) => answer(journey.simulate.$post({ ...param(id), json: request })),
    inFlight: (id: string) => answer(journey['in-flight'].$get(param(id))),
    versions: (id: string) => answer(journey.versions.$get({ ...param(id), query: { limit: '500' } })),
    stats: (id: string, version?: number) =>
      answer(journey.stats.$get({ ...param(id), query: version === undefined ? {} : { version: String(version) } })),
    runs: (id: string, filter: { node?: string; status?: RunStatus; cursor?: string; limit?: number }) =>
      answer(journey.runs.$get({ ...param(id), query: compact({ ...filter, limit: filter.limit?.toString() }) })),
    retryRun: (id: string) => answer(client.runs[':id'].retry.$post(param(id))),
    skipRun: (id: string) => answer(client.runs[':id'].skip.$post(param(id))),
    contacts: (filter: ContactFilter & { cursor?: string; limit?: number }) =>
      answer(client.contacts.$get({ query: compact({ ...filter, limit: filter.limit?.toString() }) })),
    contact: (id: string) => answer(client.contacts[':id'].$get(param(id))),
    importContacts: (csv: string, firstRow: number) => answer(client.contacts.import.$post({ json: { csv, firstRow } })),
    timeline: (id: string, cursor?: string) =>
      answer(client.contacts[':id'].timeline.$get({ ...param(id), query: compact({ limit: '500', cursor }) })),
    contactEvents: (id: string, cursor?: string) =>
      answer(client.contacts[':id'].events.$get({ ...param(id), query: compact({ limit: '500', cursor }) })),
    messages: (filter: MessageFilter & { cursor?: string; limit?: number }) =>
      answer(client.messages.$get({ query: compact({ ...filter, limit: filter.limit?.toString() }) })),
    segments: (cursor?: string) => answer(client.segments.$get({ query: compact({ limit: '500', cursor }) })),
    createSegment: (segment: SegmentInput) => answer(client.segments.$post({ json: segment })),
    saveSegment: (id: string, segment: SegmentInput) => answer(client.segments[':id'].$put({ ...param(id), json: segment })),
    deleteSegment: (id: string) => answer(client.segments[':id'].$delete(param(id))),
    previewSegment: (definition: Pick<SegmentInput, 'match' | 'rules'>) =>
      answer(client.segments.preview.$post({ query: { limit: '10' }, json: definition })),
    enrollSegment: (id: string, request: InferRequestType<ApiClient['segments'][':id']['enroll']['$post']>['json']) =>
      answer(client.segments[':id'].enroll.$post({ ...param(id), json: request })),
    segmentEnrollments: (id: string) => answer(client.segments[':id'].enrollments.$get(param(id))),
    plans: () => answer(client.plans.$get()),
    savePlan: (plan: PlanInput) => answer(client.plans.$post({ json: plan })),
    archivePlan: (id: string) => answer(client.plans[':id'].archive.$post(param(id))),
    restorePlan: (id: string) => answer(client.plans[':id'].restore.$post(param(id))),
    workspaceSettings: () => answer(client.settings.$get()),
    saveWorkspaceSettings: (settings: InferRequestType<typeof client.settings.$put>['json']) => answer(client.settings.$put({ json: settings })),
    integrations: () => answer(client.integrations.$get()),
    channelTemplates: (channel: string) => answer(client.channels[':channel'].templates.$get({ param: { channel: encodeURIComponent(channel) } })),
    integrationSettings: (plugin: string) => answer(client.integrations[':plugin'].settings.$get({ param: { plugin } })),
    saveIntegrationSettings: (plugin: string, values: Record<string, string | null>) =>
      answer(client.integrations[':plugin'].settings.$put({ param: { plugin }, json: { values } })),
    users: (cursor?: string) => answer(client.users.$get({ query: compact({ limit: '100', cursor }) })),
    createUser: (user: InferRequestType<ApiClient['users']['$post']>['json']) => answer(client.users.$post({ json: user })),
    updateUser: (id: string, patch: InferRequestType<ApiClient['users'][':id']['$patch']>['json']) => answer(client.users[':id'].$patch({ ...param(id), json: patch })),
    deleteUser: (id: string) => answer(client.users[':id'].$delete(param(id))),
    apiKeys: (cursor?: string) => answer(client['api-keys'].$get({ query: compact({ limit: '100', cursor }) })),
    createApiKey: (key: InferRequestType<ApiClient['api-keys']['$post']>['json']) => answer(client['api-keys'].$post({ json: key })),
    revokeApiKey: (id: string) => answer(client['api-keys'][':id'].$delete(param(id))),
    wecomContactWays: () => pluginCall<{ items: ContactWay[] }>('wecom/contact-ways'),
    createWecomContactWay: (way: { source: string; userIds: string[]; remark?: string }) => pluginCall<ContactWay>('wecom/contact-ways', way),
    /** The address of a contact way's QR code image, served from the app's own origin. */
    wecomContactWayQrCodeUrl: (source: string) => `/api/integrations/wecom/contact-ways/${encodeURIComponent(source)}/qr-code`,
  };
}

/** The editor's API calls (see `createApi`). */
export const api = createApi();

type Api = ReturnType<typeof createApi>;

/** The session the server opened: the user and the token every non-GET request must echo. */
export type Session = Awaited<ReturnType<Api['login']>>;
/** A signed-in person, as `/api/auth/login` and `/api/auth/me` answer. */
export type User = Session['user'];
export type Role = User['role'];
/** An API key as listed (never the key itself, which only its creation answers). */
export type ApiKey = InferResponseType<ApiClient['api-keys']['$get'], 200>['items'][number];
export type ApiKeyScope = ApiKey['scope'];

/** A plugin and its status, as the integrations page shows it. */
export type Integration = Awaited<ReturnType<Api['integrations']>>['items'][number];
/** An approved template of the carrier delivering a channel, as content_push's form offers it. */
export type ChannelTemplate = Awaited<ReturnType<Api['channelTemplates']>>['items'][number];
export type { ContactWay };
/** A plugin's settings as its configuration section shows them: whether each is set, never a secret's value. */
export type IntegrationSettings = Awaited<ReturnType<Api['integrationSettings']>>;
export type IntegrationSetting = IntegrationSettings['items'][number];

/** A journey as the API stores it (SPEC §5). */
export type Journey = InferResponseType<ApiClient['journeys'][':id']['$get'], 200>;
export type JourneyStatus = Journey['status'];
/** What a save sends; `revision` makes a save fail with 409 when someone saved meanwhile. */
export type JourneyDraft = InferRequestType<ApiClient['journeys'][':id']['$put']>['json'];
/** A published, immutable version of a journey. */
export type JourneyVersion = InferResponseType<ApiClient['journeys'][':id']['versions']['$get'], 200>['items'][number];
/** `GET /api/journeys/:id/stats`: runs by status, per node and per edge counts, conversions. */
export type JourneyStats = InferResponseType<ApiClient['journeys'][':id']['stats']['$get'], 200>;

/** One contact in one journey version (SPEC §4). */
export type Run = InferResponseType<ApiClient['runs'][':id']['$get'], 200>;
export type RunStatus = Run['status'];
/** Counts of runs by status. */
export type RunCounts = JourneyStats['runs'];
const EVERY_RUN_STATUS = { active: true, waiting: true, completed: true, exited: true, failed: true } satisfies Record<RunStatus, true>;
/** Every run status (the compiler checks none is missing), in the order the UI lists them. */
export const RUN_STATUSES = Object.keys(EVERY_RUN_STATUS) as RunStatus[];

/** One row of the contacts list: name, first source, tags, phone, last event, journeys. */
export type ContactListItem = InferResponseType<ApiClient['contacts']['$get'], 200>['items'][number];
/** The filters `GET /api/contacts` takes: search, tag, source, journey and segment. */
export type ContactFilter = Omit<InferRequestType<ApiClient['contacts']['$get']>['query'], 'limit' | 'cursor'>;

/** A saved segment: its name and rules. */
export type Segment = InferResponseType<ApiClient['segments'][':id']['$get'], 200>;
/** What a segment save sends. */
export type SegmentInput = InferRequestType<ApiClient['segments']['$post']>['json'];
/** A segment's enrolment into a journey, with its progress. */
export type SegmentEnrollment = InferResponseType<ApiClient['segments'][':id']['enrollments']['$get'], 200>['items'][number];

/** A membership card or stored-value plan. */
export type Plan = InferResponseType<ApiClient['plans']['$get'], 200>['items'][number];
/** What a plan save sends. */
export type PlanInput = InferRequestType<ApiClient['plans']['$post']>['json'];

/** A contact with its runs, offers, memberships and stored-value balance. */
export type ContactDetail = InferResponseType<ApiClient['contacts'][':id']['$get'], 200>;
/** An event a contact sent, as `GET /api/contacts/:id/events` lists it. */
export type ContactEvent = InferResponseType<ApiClient['contacts'][':id']['events']['$get'], 200>['items'][number];
/** What a CSV import answers: how many rows it stored, and the rows it refused with their reasons. */
export type ContactImportResult = InferResponseType<ApiClient['contacts']['import']['$post'], 200>;
/** One recorded step of a run, as the contact timeline lists it. */
export type Step = InferResponseType<ApiClient['contacts'][':id']['timeline']['$get'], 200>['items'][number];

/** One outbox message: what a journey sent, through which channel, when. */
export type Message = InferResponseType<ApiClient['messages']['$get'], 200>['items'][number];
export type MessageStatus = Message['status'];
/** The filters `GET /api/messages` takes: journey, contact, channel and status. */
export type MessageFilter = Omit<InferRequestType<ApiClient['messages']['$get']>['query'], 'limit' | 'cursor'>;

/** The workspace settings (`GET /api/settings`): the frequency cap over every journey, who saved it and when. */
export type WorkspaceSettingsView = InferResponseType<ApiClient['settings']['$get'], 200>;

/** A graph problem as the API answers it; the same shape `validateGraph` returns. */
export type ValidationProblem = ValidationResult['problems'][number];
/** `POST /api/journeys/validate`: `{ valid, problems }`. */
export type ValidationResult = InferResponseType<ApiClient['journeys']['validate']['$post'], 200>;

/** `GET /api/analytics/butterfly`: stage funnel by source group, fission, CAC, repurchase, goals. */
export type ButterflyAnalytics = InferResponseType<ApiClient['analytics']['butterfly']['$get'], 200>;

/** What `POST /api/journeys/:id/simulate` takes: sample contacts, their timed events, the horizon. */
export type SimulationRequest = InferRequestType<ApiClient['journeys'][':id']['simulate']['$post']>['json'];
/** The dry run's answer: each sample contact and its runs (path, messages, waits, ending). */
export type Simulation = InferResponseType<ApiClient['journeys'][':id']['simulate']['$post'], 200>;
/** Contacts still in the journey per version and node. */
export type JourneyInFlight = InferResponseType<ApiClient['journeys'][':id']['in-flight']['$get'], 200>;
