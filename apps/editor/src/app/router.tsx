import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** The views with shareable URLs. */
export type Route =
  | { name: 'list' }
  | { name: 'workflow'; id: string }
  | { name: 'version'; id: string; version: number }
  | { name: 'contact'; id: string }
  | { name: 'operate'; id: string; tab: 'versions' | 'simulate' | 'live' }
  | { name: 'compare'; id: string; from: number | 'draft'; to: number | 'draft' }
  | { name: 'audit' }
  | { name: 'mailbox' }
  | { name: 'contacts' }
  | { name: 'handoffs' }
  | { name: 'api-keys' }
  | { name: 'sending' }
  | { name: 'segments' }
  | { name: 'import' }
  | { name: 'priorities' }
  | { name: 'not-found'; path: string };

/**
 * Matches a pathname to a view.
 *
 * @example
 * matchRoute('/workflows/abc/versions/2') // { name: 'version', id: 'abc', version: 2 }
 */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'list' };
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  if (parts[0] === 'workflows' && parts[1]) {
    if (parts.length === 2) return { name: 'workflow', id: parts[1] };
    if (parts[2] === 'versions' && parts.length === 4 && /^\d+$/.test(parts[3] ?? '')) {
      return { name: 'version', id: parts[1], version: Number(parts[3]) };
    }
    const tab = parts[2];
    if (parts.length === 3 && (tab === 'versions' || tab === 'simulate' || tab === 'live')) {
      return { name: 'operate', id: parts[1], tab };
    }
    const side = (v: string | undefined): number | 'draft' | null =>
      v === 'draft' ? v : /^\d+$/.test(v ?? '') ? Number(v) : null;
    const [from, to] = [side(parts[3]), side(parts[4])];
    if (tab === 'compare' && parts.length === 5 && from !== null && to !== null) {
      return { name: 'compare', id: parts[1], from, to };
    }
  }
  if (parts[0] === 'contacts' && parts[1] && parts.length === 2) return { name: 'contact', id: parts[1] };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/mailbox') return { name: 'mailbox' };
  if (path === '/contacts') return { name: 'contacts' };
  if (path === '/handoffs') return { name: 'handoffs' };
  if (path === '/settings/api-keys') return { name: 'api-keys' };
  if (path === '/settings/sending') return { name: 'sending' };
  if (path === '/segments') return { name: 'segments' };
  if (path === '/import') return { name: 'import' };
  if (path === '/priorities') return { name: 'priorities' };
  return { name: 'not-found', path };
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

/** Goes to a path without reloading. */
export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => window.location.pathname,
  );
  return matchRoute(pathname);
}

/** An `<a>` that navigates in-app on plain clicks (new tabs still work). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

export const paths = {
  list: () => '/',
  workflow: (id: string) => `/workflows/${encodeURIComponent(id)}`,
  version: (id: string, v: number) => `/workflows/${encodeURIComponent(id)}/versions/${v}`,
  contact: (id: string) => `/contacts/${encodeURIComponent(id)}`,
  segments: () => '/segments',
  import: () => '/import',
  priorities: () => '/priorities',
};
