import { actorLabel } from '../access/auditSentence.js';
import type { Queryable } from '../db/connect.js';

/** Something that happened to a version's life as the live one, read from the audit log. */
export interface ActivationEvent {
  kind: 'activated' | 'rolled-back' | 'resumed' | 'paused' | 'replaced';
  at: Date;
  /** 'Ana (publisher)'. */
  by: string;
  reason: string | null;
  /** For 'replaced': the version activated in its place; for 'activated'/'rolled-back': the one it replaced. */
  otherVersion: number | null;
  /** The audit entry's number. */
  seq: number;
}

interface Entry {
  seq: number;
  at: Date;
  actor: string;
  actorRole: string | null;
  action: string;
  details: Record<string, unknown>;
}

const versionOf = (value: unknown) => (typeof value === 'number' ? value : null);

/**
 * Who activated, paused, rolled back or replaced each version of a workflow, when and why, oldest
 * first: the audit log is the record (its entries are chained and never change), so this reads it
 * rather than keeping a second history that could disagree.
 */
export async function activationHistory(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
): Promise<Map<number, ActivationEvent[]>> {
  const entries = await sql<Entry[]>`
    select seq::float8 as seq, at, actor, actor_role, action, details from audit_log
    where workspace_id = ${workspaceId} and workflow_id = ${workflowId}
      and action in ('workflow.activated', 'workflow.paused')
    order by seq`;
  const history = new Map<number, ActivationEvent[]>();
  const add = (version: number | null, event: ActivationEvent) => {
    if (version !== null) history.set(version, [...(history.get(version) ?? []), event]);
  };
  for (const entry of entries) {
    const d = entry.details;
    const base = {
      at: entry.at,
      by: actorLabel(entry.actor, entry.actorRole),
      reason: typeof d.reason === 'string' ? d.reason : null,
      seq: entry.seq,
    };
    if (entry.action === 'workflow.paused') {
      add(versionOf(d.version), { ...base, kind: 'paused', otherVersion: null });
      continue;
    }
    const to = versionOf(d.toVersion);
    const from = versionOf(d.fromVersion);
    const kind = d.rollback
      ? 'rolled-back'
      : from === to && d.fromStatus === 'paused'
        ? 'resumed'
        : 'activated';
    add(to, { ...base, kind, otherVersion: from === to ? null : from });
    if (from !== null && from !== to) add(from, { ...base, kind: 'replaced', otherVersion: to });
  }
  return history;
}
