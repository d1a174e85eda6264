import type { LogicRule } from '@crossroads/graph-schema';
import {
  advance,
  applyContactChanges,
  type CompiledJourney,
  type ContactUpdateEffect,
  evaluateRule,
  type JourneyEvent,
  type JourneyStep,
  type Registry,
} from '@crossroads/nodes';
import { renderTemplateSync } from '../channels/index.js';
import type { Sql } from '../db/connect.js';
import type { WrittenEffect } from '../deliver/deliverNow.js';
import { type PreparedHandoff, type RenderVars, renderEffect } from '../deliver/renderEffect.js';
import { histogram } from '../metrics.js';
import { type AdvanceItem, advanceJobs, TASKS } from '../queue/jobs.js';
import { loadEngagement } from './engagement.js';
import { packRetryDelay, readsEngagement, retryState, walkWithPacks } from './packSteps.js';
import { collect, newWrites, type PreparedEffect, write } from './recordWalk.js';
import { type EnrollmentRow, loadInputs } from './walkInputs.js';

const advanceSeconds = histogram({
  name: 'crossroads_engine_advance_seconds',
  help: 'Time per advance transaction',
});

/**
 * The `advance` job for one or many enrollments, in ONE transaction: lock the enrollments, run the
 * walker for each from where it stands, write one trace row per node, write effects to the ledger
 * under their idempotency keys, update the enrollments and queue what comes next (the wake-up of a
 * wait). An item whose visit is no longer the enrollment's (a stale timeout, a retry after commit, a
 * job released after a crash) is skipped. Returns how many items advanced and the ledger rows
 * written, which the caller delivers once this has committed (deliverNow.ts).
 */
export async function advanceEnrollments(
  sql: Sql,
  registry: Registry,
  items: readonly AdvanceItem[],
): Promise<{ advanced: number; effects: WrittenEffect[] }> {
  const done = advanceSeconds.startTimer();
  try {
    return await sql.begin(async (tx) => {
      const rows = await tx<EnrollmentRow[]>`
        select id, workspace_id, workflow_id, version, contact_id, node_id, visit, event_id, started_at, ended_at
        from enrollments where id = any(${items.map((i) => i.enrollmentId)}::bigint[])
        order by id for update`;
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      const live = items.flatMap((item) => {
        const row = byId.get(item.enrollmentId);
        return row && !row.endedAt && row.visit === item.visit ? [{ item, row }] : [];
      });
      if (live.length === 0) return { advanced: 0, effects: [] };
      const inputs = await loadInputs(
        tx,
        registry,
        live.map((l) => l.row),
      );
      const writes = newWrites();
      const now = new Date();
      for (const { item, row } of live) {
        const journey = inputs.journeys.get(`${row.workflowId}:${row.version}`);
        if (journey === undefined || typeof journey === 'string') {
          collect(writes, row, { kind: 'end', outcome: 'failed', error: journey ?? 'no graph' }, []);
          continue;
        }
        const contactKey = `${row.workspaceId}\u0000${row.contactId}`;
        const contact = inputs.contacts.get(contactKey) ?? { id: row.contactId };
        const event =
          row.eventId === null ? null : (inputs.events.get(`${row.workspaceId}\u0000${row.eventId}`) ?? null);
        const engagement = readsEngagement(journey)
          ? { engagement: { ...(await loadEngagement(tx, row.workspaceId, row.contactId, now)) } }
          : {};
        const attempt = item.attempt ?? 0;
        // Pack nodes run in their sandbox: the walk is replayed with their decisions (RuntimeRegistry).
        const walked = await walkWithPacks(registry, () =>
          advance({
            compiled: journey,
            // A step whose "on error" output is connected waits for its delivery; a failed one
            // takes that output once it will not be retried.
            awaitDelivery: true,
            takeErrorPath: (sofar) => packRetryDelay(registry, journey, [...sofar], attempt) === undefined,
            ...engagement,
            from:
              item.output === undefined
                ? { nodeId: row.nodeId }
                : { nodeId: row.nodeId, output: item.output, resumedBy: item.resumedBy ?? 'time' },
            contact,
            event,
            journey: {
              workflowId: row.workflowId,
              version: row.version,
              enrollmentId: String(row.id),
              enteredAt: row.startedAt.toISOString(),
              context: {},
            },
            now,
            segments: inputs.segments(row),
            renderText,
          }),
        );
        const { steps, park } = walked;
        const retryIn = packRetryDelay(registry, journey, steps, attempt);
        if (retryIn !== undefined) {
          // Nothing of this walk is written: the same visit runs again, so nothing is recorded twice.
          // The enrollment says it is retrying, so the trace shows it meanwhile.
          const runAt = new Date(Date.now() + retryIn);
          writes.jobs.push({ task: TASKS.advance, payload: { ...item, attempt: attempt + 1 }, runAt });
          writes.retries.push({ id: String(row.id), retry: retryState(steps, attempt, runAt) });
          continue;
        }
        const segments = inputs.workspaceSegments.get(row.workspaceId) ?? {};
        collect(
          writes,
          row,
          park,
          steps,
          await prepareEffects(steps, journey, { row, contact, event, segments }),
        );
        // An update-contact step changed the contact: the batch's next walks of it read the change.
        if (walked.contact) inputs.contacts.set(contactKey, walked.contact);
      }
      for (const { runAt, items } of writes.wakeups.values()) writes.jobs.push(...advanceJobs(items, runAt));
      const effects = await write(tx, writes);
      return { advanced: live.length, effects };
    });
  } finally {
    done();
  }
}

/** Names of the segments whose rule the contact matches now (rules read as at a contact upsert). */
function segmentsOf(contact: Record<string, unknown>, segments: Record<string, LogicRule>): string[] {
  const data = { contact, now: new Date().toISOString(), engagement: {} };
  return Object.keys(segments).filter((name) => {
    try {
      return evaluateRule(segments[name] as LogicRule, data).matched;
    } catch {
      return false;
    }
  });
}

/** Liquid for values a walk decides as it runs (update-contact), in the templates' sandbox. */
function renderText(template: string, vars: Record<string, unknown>) {
  const result = renderTemplateSync(template, vars, { field: 'value' });
  return result.ok ? result : { ok: false as const, error: result.error.message };
}

/**
 * What delivery needs of each effect the walk wrote, decided now with the contact and event the
 * walk read: an email's rendered fields, address, timezone and the version's frequency cap; a
 * handoff's note. Delivery then reads its ledger row only (deliver/renderEffect.ts).
 */
function prepareEffects(
  steps: readonly JourneyStep[],
  journey: CompiledJourney,
  {
    row,
    contact,
    event,
    segments,
  }: {
    row: EnrollmentRow;
    contact: RenderVars['contact'];
    event: JourneyEvent | null;
    segments: Record<string, LogicRule>;
  },
): Promise<Array<PreparedEffect | null | undefined>> {
  const base = {
    // As a template saw it when delivery read the event row: the timestamp is a Date.
    event: event && { type: event.type, properties: event.properties, timestamp: new Date(event.timestamp) },
    journey: { workflowId: row.workflowId, version: row.version, enrollmentId: String(row.id) },
  };
  const cap = journey.graph.settings?.frequencyCap ?? null;
  // Each effect sees the contact as the update-contact steps before it left it.
  let current = contact;
  return Promise.all(
    steps.map((step) => {
      if (!step.effect) return undefined;
      const vars: RenderVars = { ...base, contact: current };
      if (step.effect.kind === 'contact-update') {
        current = applyContactChanges(current, (step.effect as ContactUpdateEffect).changes);
      }
      if (step.effect.kind !== 'handoff') return renderEffect(step.effect, vars, cap);
      // The segments the contact is in when handed to sales: what sales outcomes are grouped by.
      const inSegments = segmentsOf(vars.contact, segments);
      return renderEffect(step.effect, vars, cap).then(
        (prepared) => ({ ...(prepared as PreparedHandoff), segments: inSegments }) as PreparedEffect,
      );
    }),
  );
}
