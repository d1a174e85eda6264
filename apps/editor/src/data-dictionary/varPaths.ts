import type { DataDictionary } from '@crossroads/api';
import type { ApiClient } from '../api/client.js';

/**
 * `var` paths offered when writing rules: the workspace's data dictionary (attributes and event
 * properties seen, from `GET /v1/data-dictionary`), the paths the examples use, and paths already
 * read by rules in the open graph.
 */
export const KNOWN_PATHS: readonly string[] = [
  'contact.id',
  'contact.email',
  'contact.first_name',
  'contact.last_name',
  'contact.company',
  'contact.industry',
  'contact.country',
  'contact.company_size',
  'contact.lead_score',
  'contact.plan',
  'contact.lifecycle_stage',
  'contact.timezone',
  'contact.owner',
  'event.type',
  'event.timestamp',
  'event.properties.url',
  'event.properties.page',
  'event.properties.plan',
  'event.properties.amount',
  'engagement.opens_30d',
  'engagement.clicks_30d',
  'engagement.last_open_at',
  'engagement.last_click_at',
  'journey.enteredAt',
  'journey.version',
  'now',
];

/** The workspace's data dictionary; null when the runtime cannot answer (editing still works). */
export async function fetchDictionary(api: ApiClient): Promise<DataDictionary | null> {
  try {
    return await api.dataDictionary();
  } catch {
    return null;
  }
}

/** Every `{"var": "..."}` path inside any JSON value (rules embedded in configs). */
export function varsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) varsIn(item, out);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'var') {
        const path = Array.isArray(inner) ? inner[0] : inner;
        if (typeof path === 'string' && path) out.add(path);
      }
      varsIn(inner, out);
    }
  }
  return out;
}

/** Known, fetched and used paths, deduplicated and sorted. */
export function mergePaths(...lists: Iterable<string>[]): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const p of list) all.add(p);
  return [...all].sort();
}
