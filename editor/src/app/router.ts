import { useSyncExternalStore } from 'react';

/** The pages of the app. Routes live in the URL hash, so any static server can serve the editor. */
export type Route =
  | { page: 'journeys' }
  | { page: 'journey'; id: string }
  | { page: 'monitor'; id: string }
  | { page: 'contact'; id: string | null }
  | { page: 'messages' }
  | { page: 'dashboard' };

const ROUTES: Array<[RegExp, (id: string | undefined) => Route]> = [
  [/^#\/journeys\/([^/?#]+)$/, (id) => ({ page: 'journey', id: id! })],
  [/^#\/journeys\/([^/?#]+)\/monitor$/, (id) => ({ page: 'monitor', id: id! })],
  [/^#\/contacts(?:\/([^/?#]+))?$/, (id) => ({ page: 'contact', id: id ?? null })],
  [/^#\/messages$/, () => ({ page: 'messages' })],
  [/^#\/dashboard$/, () => ({ page: 'dashboard' })],
];

/** The route a hash names; anything unknown is the journey list. */
export function parseRoute(hash: string): Route {
  for (const [pattern, route] of ROUTES) {
    const match = pattern.exec(hash);
    if (match) return route(match[1] === undefined ? undefined : decodeURIComponent(match[1]));
  }
  return { page: 'journeys' };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'journey':
      return `#/journeys/${encodeURIComponent(route.id)}`;
    case 'monitor':
      return `#/journeys/${encodeURIComponent(route.id)}/monitor`;
    case 'contact':
      return route.id === null ? '#/contacts' : `#/contacts/${encodeURIComponent(route.id)}`;
    case 'messages':
      return '#/messages';
    case 'dashboard':
      return '#/dashboard';
    case 'journeys':
      return '#/journeys';
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
