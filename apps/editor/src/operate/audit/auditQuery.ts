export interface AuditFilters {
  actor: string;
  /** An action such as `workflow.activated`, or a prefix such as `workflow.*`. */
  action: string;
  workflowId: string;
  /** `datetime-local` values (the browser's time zone), inclusive from, exclusive to. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilters = { actor: '', action: '', workflowId: '', from: '', to: '' };

/**
 * The `GET /v1/audit` query for a set of filters. Local times become ISO instants; empty
 * filters are left out.
 *
 * @example
 * auditQuery({ ...EMPTY_FILTERS, action: 'workflow.*' }, { format: 'csv' }) // 'action=workflow.*&format=csv'
 */
export function auditQuery(
  filters: AuditFilters,
  extra: { format?: 'json' | 'csv'; limit?: number; cursor?: string | null } = {},
): string {
  const params = new URLSearchParams();
  if (filters.actor.trim()) params.set('actor', filters.actor.trim());
  if (filters.action.trim()) params.set('action', filters.action.trim());
  if (filters.workflowId) params.set('workflowId', filters.workflowId);
  for (const key of ['from', 'to'] as const) {
    const value = filters[key];
    if (!value) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new Error(`${key}: '${value}' is not a date and time`);
    params.set(key, date.toISOString());
  }
  if (extra.limit) params.set('limit', String(extra.limit));
  if (extra.cursor) params.set('cursor', extra.cursor);
  if (extra.format && extra.format !== 'json') params.set('format', extra.format);
  return params.toString().replace(/%2A/g, '*').replace(/%3A/g, ':');
}

/** A one-line reading of an entry's details for the table (reason first: auditors look for it). */
export function detailLine(details: Record<string, unknown>): string {
  const { reason, message, ...rest } = details;
  const parts: string[] = [];
  if (typeof reason === 'string') parts.push(`reason: “${reason}”`);
  if (typeof message === 'string') parts.push(`“${message}”`);
  for (const [k, v] of Object.entries(rest)) {
    if (v === null || v === undefined) continue;
    parts.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.join(' · ');
}
