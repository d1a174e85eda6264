import { useEffect, useSyncExternalStore } from 'react';
import type { ApiClient } from '../api/client.js';
import type { Route } from './router.js';

const APP = 'Crossroads';

// Journey names by id, for titles: learnt from the pages that load a workflow, fetched otherwise.
const names = new Map<string, string>();
const asked = new Set<string>();
const listeners = new Set<() => void>();

/** Tells the tab title a journey's (new) name, e.g. after a rename in the editor. */
export function rememberWorkflowName(id: string, name: string): void {
  if (!name.trim() || names.get(id) === name) return;
  names.set(id, name);
  for (const listener of listeners) listener();
}

function useWorkflowName(api: ApiClient, id: string | undefined): string | undefined {
  const name = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => (id ? names.get(id) : undefined),
  );
  useEffect(() => {
    if (!id || names.has(id) || asked.has(id)) return;
    asked.add(id);
    api.getWorkflow(id).then(
      (workflow) => rememberWorkflowName(id, workflow.name),
      () => asked.delete(id),
    );
  }, [api, id]);
  return name;
}

const side = (v: number | 'draft') => (v === 'draft' ? 'draft' : `v${v}`);

/**
 * What a route is called in the tab title, e.g. "Pricing page → sales handoff" or "Audit log";
 * routes of journeys use the journey's name (`…` while it loads).
 *
 * @example
 * routeTitle({ name: 'version', id, version: 2 }, 'Welcome') // 'Welcome · v2'
 */
export function routeTitle(route: Route, journey: string | undefined): string {
  const name = journey ?? '…';
  switch (route.name) {
    case 'list':
      return 'Journeys';
    case 'workflow':
      return name;
    case 'version':
      return `${name} · v${route.version}`;
    case 'operate':
      return `${name} · ${{ versions: 'Versions', simulate: 'Simulate', live: 'Live' }[route.tab]}`;
    case 'compare':
      return `${name} · Compare ${side(route.from)} with ${side(route.to)}`;
    case 'contact':
      return `Contact ${route.id}`;
    case 'audit':
      return 'Audit log';
    case 'mailbox':
      return 'Mailbox';
    case 'import':
      return 'Import contacts';
    case 'priorities':
      return 'Priorities';
    case 'sending':
      return 'Sending settings';
    case 'not-found':
      return 'Page not found';
    default: {
      // A route added later still gets a readable title from its name.
      const words = String((route as { name: string }).name).replace(/[-_]+/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/** Sets `document.title` to "<page> · Crossroads". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP}` : APP;
  }, [title]);
}

/** The tab title of the current route. */
export function useRouteTitle(api: ApiClient, route: Route): void {
  const id = 'id' in route && route.name !== 'contact' ? route.id : undefined;
  useDocumentTitle(routeTitle(route, useWorkflowName(api, id)));
}
