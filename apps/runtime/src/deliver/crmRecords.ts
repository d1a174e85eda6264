import type { ContactChangeRecord, ContactUpdateEffect, HandoffEffect } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';
import type { TracedEffect } from './deliveryTrace.js';
import { renderAgain } from './renderAgain.js';
import type { PreparedContactUpdate, PreparedHandoff } from './renderEffect.js';

/** Ledger kinds that go to the workspace's CRM endpoint (the `deliver-handoff` job delivers both). */
export const CRM_KINDS = ['handoff', 'contact-update'] as const;

/** What a handoff holds once resolved (stored in the effect's payload as `delivery`). */
export interface HandoffRecord {
  owner: string | null;
  team: string | null;
  priority: HandoffEffect['priority'];
  note: string;
  signals: Record<string, unknown>;
  stopMarketing: boolean;
  email?: string | null;
  /** Where it went: the workspace's CRM webhook, or only this ledger (no endpoint configured). */
  channel: 'crm' | 'ledger';
}

/** What a synced contact update holds (stored as `delivery`): the changes and the contact's email. */
export interface ContactUpdateRecord {
  changes: ContactChangeRecord[];
  email: string | null;
  channel: 'crm' | 'ledger';
}

export type CrmRecord = HandoffRecord | ContactUpdateRecord;

export interface CrmRow extends TracedEffect {
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  claimedBy: string | null;
  payload: (HandoffEffect | ContactUpdateEffect) & { eventId?: string | null; delivery?: CrmRecord };
  /** What the walk rendered (null: written before migration 080, rendered here). */
  prepared: PreparedHandoff | PreparedContactUpdate | null;
  /** The workspace's stored channel settings (`workspaces.settings -> 'channels'`). */
  channels: unknown;
}

/** The record of a CRM-bound row, resolved once: a handoff's owner and note, an update's changes. */
export async function resolveRecord(tx: TransactionSql, effect: CrmRow): Promise<CrmRecord> {
  if (effect.payload.kind === 'contact-update') {
    const prepared = effect.prepared as PreparedContactUpdate | null;
    return { changes: effect.payload.changes, email: prepared?.email ?? null, channel: 'ledger' };
  }
  return resolveHandoff(tx, effect, effect.payload);
}

/** Owner (fixed, or the next turn of the node's round-robin counter), rendered note, signals. */
async function resolveHandoff(
  tx: TransactionSql,
  effect: CrmRow,
  payload: HandoffEffect,
): Promise<HandoffRecord> {
  let owner = 'owner' in payload.assignment ? (payload.assignment.owner ?? null) : null;
  if ('roundRobin' in payload.assignment && payload.assignment.roundRobin.length > 0) {
    const pool = payload.assignment.roundRobin;
    const [turn] = await tx<{ turns: string }[]>`
      insert into round_robin_counters (workspace_id, workflow_id, node_id, turns)
      values (${effect.workspaceId}, ${effect.workflowId}, ${effect.nodeId}, 1)
      on conflict (workspace_id, workflow_id, node_id) do update set turns = round_robin_counters.turns + 1
      returning turns`;
    owner = pool[(Number(turn?.turns ?? 1) - 1) % pool.length] ?? null;
  }
  const prepared = (effect.prepared ?? (await renderAgain(tx, effect))) as PreparedHandoff;
  return {
    owner,
    team: payload.assignment.team ?? null,
    priority: payload.priority,
    note: prepared.note,
    signals: payload.signals,
    stopMarketing: payload.stopMarketing,
    ...(prepared.email !== undefined && { email: prepared.email }),
    channel: 'ledger',
  };
}

/**
 * The Standard Webhooks body `{ type, timestamp, data }`; `data` is the same on every retry.
 * Documented for receivers in docs/crm.md (`handoff.created`, `contact.updated`).
 */
export function webhookBody(effect: CrmRow, record: CrmRecord) {
  const about = {
    id: effect.idempotencyKey,
    contactId: effect.contactId,
    workflowId: effect.workflowId,
    version: effect.version,
    nodeId: effect.nodeId,
  };
  if ('changes' in record) {
    return {
      type: 'contact.updated',
      timestamp: new Date().toISOString(),
      data: { ...about, email: record.email, changes: record.changes.map(({ unrendered: _u, ...c }) => c) },
    };
  }
  return {
    type: 'handoff.created',
    timestamp: new Date().toISOString(),
    data: {
      ...about,
      handoffId: String(effect.id),
      email: record.email ?? null,
      owner: record.owner,
      team: record.team,
      priority: record.priority,
      note: record.note,
      signals: record.signals,
      stopMarketing: record.stopMarketing,
    },
  };
}
