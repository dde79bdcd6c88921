import { useSyncExternalStore } from 'react';

/** The pages of the app. Routes live in the URL hash, so any static server can serve the editor. */
export type Route = { page: 'journeys' } | { page: 'journey'; id: string };

/** The route a hash names; anything unknown is the journey list. */
export function parseRoute(hash: string): Route {
  const match = /^#\/journeys\/([^/?#]+)$/.exec(hash);
  return match ? { page: 'journey', id: decodeURIComponent(match[1]!) } : { page: 'journeys' };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  return route.page === 'journey' ? `#/journeys/${encodeURIComponent(route.id)}` : '#/journeys';
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
