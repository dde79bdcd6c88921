import type { GraphProblem, JourneyGraphInput, JourneySettingsInput, NodeTypeDescription } from '@journey/nodes';

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

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
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
};

