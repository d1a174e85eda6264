import type { AuditEntry, AuditVerification } from '@crossroads/api';

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

/** What people filter the log by, in words, with the action (or prefix) each means. */
export const ACTION_FILTERS: ReadonlyArray<readonly [label: string, action: string]> = [
  ['Publishes', 'version.published'],
  ['Activations and rollbacks', 'workflow.activated'],
  ['Pauses', 'workflow.paused'],
  ['Draft edits', 'draft.edited'],
  ['Publishing over failing test cases', 'test-cases.overridden'],
  ['Any journey change', 'workflow.*'],
  ['Segments', 'segment.*'],
  ['API keys', 'key.*'],
  ['Contact erasures', 'contact.erased'],
  ['Suppressions', 'suppression.*'],
  ['Emails sent again', 'email.resent'],
  ['Handoffs retried', 'handoff.retried'],
];

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

/** An entry as the JSON export holds it: the page's columns first (as the CSV), then the raw entry. */
export function exportEntry(e: AuditEntry) {
  return {
    entry: e.seq,
    at: e.at,
    who: e.who,
    what: e.sentence,
    journey: e.workflowName,
    id: e.id,
    actor: e.actor,
    actorRole: e.actorRole,
    action: e.action,
    workflowId: e.workflowId,
    subject: e.subject,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * The chain check as one line for the page: "Chain verified up to entry 42 (of 42)", or which
 * entry broke it.
 */
export function chainLine(v: AuditVerification): string {
  if (v.entries === 0) return 'The log is empty.';
  if (v.ok)
    return `Chain verified up to entry ${v.verifiedUpTo} (all ${v.entries} entries): complete and unaltered.`;
  const upTo = v.verifiedUpTo > 0 ? `Chain verified up to entry ${v.verifiedUpTo} only. ` : '';
  return `${upTo}${v.firstBroken?.detail ?? 'The chain does not hold'}.`;
}
