import type { GraphProblem, JourneyGraphInput, JourneySettingsInput, NodeTypeDescription } from '@journey/nodes';
import type { ButterflyAnalytics } from '../dashboard/butterfly-analytics.ts';

/** A signed-in person, as `/api/auth/login` and `/api/auth/me` answer. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'marketer' | 'operator' | 'viewer';
  locale: string;
}

/** The session the server opened: the user and the token every non-GET request must echo. */
export interface Session {
  user: User;
  csrfToken: string;
}

export type JourneyStatus = 'draft' | 'live' | 'paused';

/** A journey as the API stores it (SPEC §5). */
export interface Journey {
  id: string;
  name: string;
  status: JourneyStatus;
  graph: JourneyGraphInput;
  settings: JourneySettingsInput;
  publishedVersion: number | null;
  /** Increases on every save; sending it back makes a save fail with 409 when someone saved meanwhile. */
  revision?: number;
  createdAt: string;
  updatedAt: string;
}

/** What a save sends. */
export interface JourneyDraft {
  name: string;
  graph: JourneyGraphInput;
  settings: JourneySettingsInput;
  revision?: number;
}

/** A published, immutable version of a journey. */
export interface JourneyVersion {
  journeyId: string;
  version: number;
  graph: JourneyGraphInput;
  settings: JourneySettingsInput;
  publishedAt: string;
  publishedBy: string | null;
}

export type RunStatus = 'active' | 'waiting' | 'completed' | 'exited' | 'failed';
export const RUN_STATUSES: readonly RunStatus[] = ['active', 'waiting', 'completed', 'exited', 'failed'];

/** Counts of runs by status. */
export type RunCounts = Record<RunStatus, number>;

/** `GET /api/journeys/:id/stats`: runs by status, per node and per edge counts, conversions. */
export interface JourneyStats {
  runs: RunCounts;
  nodes: Record<string, RunCounts & { entered: number }>;
  /** How many runs took each edge. */
  edges: Record<string, number>;
  conversions: number;
}

/** One contact in one journey version (SPEC §4). */
export interface Run {
  id: string;
  journeyId: string;
  version: number;
  contactId: string;
  status: RunStatus;
  nodeId: string;
  wakeAt: string | null;
  attempts: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A contact with its runs; membership and offers when the API includes them. */
export interface ContactDetail {
  id: string;
  name: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
  membership?: Record<string, unknown> | null;
  offers?: Array<Record<string, unknown>>;
  runs: Run[];
  createdAt: string;
  updatedAt: string;
}

/** One recorded step of a run, as the contact timeline lists it. */
export interface Step {
  id: number;
  runId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  nodeType: string;
  seq: number;
  attempt: number;
  startedAt: string;
  endedAt: string;
  outcome: string;
  port: string | null;
  error: string | null;
}

export type MessageStatus = 'pending' | 'sent' | 'failed';

/** One outbox message: what a journey sent, through which channel, when. */
export interface Message {
  id: string;
  runId: string;
  journeyId: string;
  contactId: string;
  nodeId: string;
  channel: string;
  title?: string;
  body: string;
  status: MessageStatus;
  attempts?: number;
  error?: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** The filters `GET /api/messages` takes. */
export interface MessageFilter {
  journeyId?: string;
  contactId?: string;
  status?: MessageStatus;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A graph problem as the API answers it; the same shape `validateGraph` returns. */
export type ValidationProblem = GraphProblem;

export interface ValidationResult {
  valid: boolean;
  problems: ValidationProblem[];
}

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
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token; every later non-GET request sends it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
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
  return json as T;
}

const journeyPath = (id: string, action = '') => `/journeys/${encodeURIComponent(id)}${action}`;

/** `?a=1&b=2` from the defined, non-empty values of `params`, or an empty string. */
function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The editor's API calls: cookies included, the CSRF header on writes, errors as `ApiError`.
 *
 * @example
 * ```ts
 * const { user, csrfToken } = await api.login('admin@example.com', 'secret');
 * setCsrfToken(csrfToken);
 * const { items } = await api.listJourneys();
 * ```
 */
export const api = {
  login: (email: string, password: string) => request<Session>('POST', '/auth/login', { email, password }),
  me: () => request<Session>('GET', '/auth/me'),
  butterfly: (journeyId: string | null) =>
    request<ButterflyAnalytics>('GET', `/analytics/butterfly${journeyId ? `?journeyId=${encodeURIComponent(journeyId)}` : ''}`),
  logout: () => request<unknown>('POST', '/auth/logout'),
  nodeTypes: () => request<{ items: NodeTypeDescription[] }>('GET', '/node-types'),
  listJourneys: (cursor?: string) =>
    request<Page<Journey>>('GET', `/journeys?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  createJourney: (draft: JourneyDraft) => request<Journey>('POST', '/journeys', draft),
  getJourney: (id: string) => request<Journey>('GET', journeyPath(id)),
  saveJourney: (id: string, draft: JourneyDraft) => request<Journey>('PUT', journeyPath(id), draft),
  deleteJourney: (id: string) => request<unknown>('DELETE', journeyPath(id)),
  validate: (graph: JourneyGraphInput) => request<ValidationResult>('POST', '/journeys/validate', { graph }),
  publish: (id: string) => request<{ version: number }>('POST', journeyPath(id, '/publish')),
  pause: (id: string) => request<unknown>('POST', journeyPath(id, '/pause')),
  resume: (id: string) => request<unknown>('POST', journeyPath(id, '/resume')),
  updateMe: (patch: { locale?: string; name?: string }) => request<Session>('PATCH', '/auth/me', patch),
  versions: (id: string) => request<Page<JourneyVersion>>('GET', `${journeyPath(id, '/versions')}${query({ limit: 500 })}`),
  stats: (id: string) => request<JourneyStats>('GET', journeyPath(id, '/stats')),
  runs: (id: string, filter: { node?: string; status?: RunStatus; cursor?: string; limit?: number }) =>
    request<Page<Run>>('GET', `${journeyPath(id, '/runs')}${query(filter)}`),
  retryRun: (id: string) => request<unknown>('POST', `/runs/${encodeURIComponent(id)}/retry`),
  skipRun: (id: string) => request<unknown>('POST', `/runs/${encodeURIComponent(id)}/skip`),
  contact: (id: string) => request<ContactDetail>('GET', `/contacts/${encodeURIComponent(id)}`),
  timeline: (id: string, cursor?: string) =>
    request<Page<Step>>('GET', `/contacts/${encodeURIComponent(id)}/timeline${query({ limit: 500, cursor })}`),
  messages: (filter: MessageFilter & { cursor?: string; limit?: number }) => request<Page<Message>>('GET', `/messages${query({ ...filter })}`),
};

