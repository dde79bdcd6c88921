import { useSyncExternalStore } from 'react';

/** The pages of the app. Routes live in the URL hash, so any static server can serve the editor. */
export type Route =
  | { page: 'journeys' }
  | { page: 'journey'; id: string }
  /** `show: 'failed'` opens the monitor on the journey's failed runs (the journey list links there). */
  | { page: 'monitor'; id: string; show?: 'failed' }
  /** A published version of a journey, read-only, compared with the draft or another version. */
  | { page: 'version'; id: string; version: number }
  /** The contacts list; `contact` is one contact's page. */
  | { page: 'contacts' }
  | { page: 'contact'; id: string }
  | { page: 'segments' }
  /** Membership cards and stored-value plans (admins). */
  | { page: 'plans' }
  | { page: 'messages' }
  | { page: 'dashboard' }
  | { page: 'settings' }
  | { page: 'integrations' }
  /** Members and API keys (admins). */
  | { page: 'team' }
  /** A link the app cannot read: an unknown page, or an id that is not well-formed (`%E0%A4%A`). */
  | { page: 'not_found' };

const ROUTES: Array<[RegExp, (id: string | undefined, part: string | undefined) => Route]> = [
  [/^#\/journeys\/([^/?#]+)$/, (id) => ({ page: 'journey', id: id! })],
  [/^#\/journeys\/([^/?#]+)\/monitor$/, (id) => ({ page: 'monitor', id: id! })],
  [/^#\/journeys\/([^/?#]+)\/versions\/([1-9]\d{0,8})$/, (id, version) => ({ page: 'version', id: id!, version: Number(version) })],
  [/^#\/journeys\/([^/?#]+)\/monitor\/failed$/, (id) => ({ page: 'monitor', id: id!, show: 'failed' })],
  [/^#\/contacts$/, () => ({ page: 'contacts' })],
  [/^#\/contacts\/([^/?#]+)$/, (id) => ({ page: 'contact', id: id! })],
  [/^#\/segments$/, () => ({ page: 'segments' })],
  [/^#\/plans$/, () => ({ page: 'plans' })],
  [/^#\/messages$/, () => ({ page: 'messages' })],
  [/^#\/dashboard$/, () => ({ page: 'dashboard' })],
  [/^#\/settings$/, () => ({ page: 'settings' })],
  [/^#\/integrations$/, () => ({ page: 'integrations' })],
  [/^#\/team$/, () => ({ page: 'team' })],
];

/** The hashes of the start page: none, or the journey list's. */
const START = new Set(['', '#', '#/', '#/journeys']);

/**
 * The route a hash names: the journey list for none, `not_found` for a page the app does not have or
 * an id that does not decode (a link cut short, `#/contacts/%E0%A4%A`), which would otherwise throw.
 */
export function parseRoute(hash: string): Route {
  if (START.has(hash)) return { page: 'journeys' };
  for (const [pattern, route] of ROUTES) {
    const match = pattern.exec(hash);
    if (!match) continue;
    const id = match[1] === undefined ? undefined : decodedId(match[1]);
    return id === null ? { page: 'not_found' } : route(id, match[2]);
  }
  return { page: 'not_found' };
}

/** A path segment decoded, or `null` when it is not valid percent-encoded UTF-8. */
function decodedId(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'journey':
      return `#/journeys/${encodeURIComponent(route.id)}`;
    case 'monitor':
      return `#/journeys/${encodeURIComponent(route.id)}/monitor${route.show === 'failed' ? '/failed' : ''}`;
    case 'version':
      return `#/journeys/${encodeURIComponent(route.id)}/versions/${route.version}`;
    case 'contacts':
      return '#/contacts';
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.id)}`;
    case 'segments':
      return '#/segments';
    case 'plans':
      return '#/plans';
    case 'messages':
      return '#/messages';
    case 'dashboard':
      return '#/dashboard';
    case 'settings':
      return '#/settings';
    case 'integrations':
      return '#/integrations';
    case 'team':
      return '#/team';
    case 'journeys':
      return '#/journeys';
    case 'not_found':
      return '#/not-found';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current route's hash, re-rendering on navigation. */
export function useRouteHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
