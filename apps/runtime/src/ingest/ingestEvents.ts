import { randomUUID } from 'node:crypto';
import type { Registry } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { counter, histogram } from '../metrics.js';
import {
  actOnEvents,
  type EventOutcomes,
  eventContext,
  loadContacts,
  type StoredEvent,
} from './actOnEvents.js';
import { type EventInput, isoInstant } from './eventInput.js';
import { groupCommits } from './groupCommit.js';
import { insertEvents } from './storeEvents.js';

/** What one ingest call did: events stored (and repeats skipped), then what they caused. */
export interface IngestResult extends EventOutcomes {
  accepted: number;
  duplicates: number;
}

const ingested = counter({
  name: 'crossroads_events_ingested_total',
  help: 'Events accepted (not duplicates)',
});

const byId = (a: StoredEvent, b: StoredEvent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Stores events (idempotent by id), creates contacts seen for the first time, and in the same
 * transaction acts on them: goal conversions, resumes of enrollments waiting for them, and new
 * enrollments for active workflows whose trigger matches. Every job this needs is queued in that
 * transaction, so an accepted event is never half-processed.
 *
 * A call of up to GROUPED_UP_TO events (one event per POST, as webhooks and trackers send) shares
 * its transaction with the other such calls of its workspace in flight (`groupCommits`): it
 * commits at once when nothing else is committing, else with every call that arrived meanwhile.
 * Its answer counts its own events only.
 */
export async function ingestEvents(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  inputs: readonly EventInput[],
): Promise<IngestResult> {
  const now = new Date().toISOString();
  const events = inputs.map((e) => ({
    id: e.id ?? randomUUID(),
    contactId: e.contactId,
    type: e.type,
    properties: e.properties ?? {},
    timestamp: e.timestamp ? isoInstant(e.timestamp) : now,
  }));
  if (events.length <= GROUPED_UP_TO) return groupOf(sql, registry).submit(workspaceId, events);
  try {
    return await one(withDeadlockRetry(() => ingestOnce(sql, registry, workspaceId, [events], 'all-new')));
  } catch (error) {
    // An id stored before (a client's retry) or repeated in the batch: store the others.
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    return one(withDeadlockRetry(() => ingestOnce(sql, registry, workspaceId, [events], 'skip-duplicates')));
  }
}

/** Calls of at most this many events are committed together; larger batches are cheap alone. */
export const GROUPED_UP_TO = 100;
/** Most events one shared commit stores (a full batch's worth). */
const GROUP_EVENTS = 1000;

const one = async (results: Promise<IngestResult[]>) => (await results)[0]!;

type Group = ReturnType<typeof groupCommits<StoredEvent[], IngestResult>>;
// One committer per database pool and registry (a process has one of each; tests may have more).
const groups = new WeakMap<Sql, WeakMap<Registry, Group>>();

function groupOf(sql: Sql, registry: Registry): Group {
  const byRegistry = groups.get(sql) ?? new WeakMap<Registry, Group>();
  groups.set(sql, byRegistry);
  let group = byRegistry.get(registry);
  if (!group) {
    group = groupCommits<StoredEvent[], IngestResult>({
      // Duplicates are skipped, not failed on: a repeat in one request must not abort its neighbours.
      commit: (workspaceId, requests) => {
        groupSizes.observe(requests.length);
        return withDeadlockRetry(() => ingestOnce(sql, registry, workspaceId, requests, 'skip-duplicates'));
      },
      weight: (events) => events.length,
      maxWeight: GROUP_EVENTS,
      committers: 2,
      // A database that is gone fails everyone now (503): trying again in halves would only wait.
      splittable: (error) => !isDatabaseUnavailable(error),
      onSplit: () => splits.inc(),
    });
    byRegistry.set(registry, group);
  }
  return group;
}

const groupSizes = histogram({
  name: 'crossroads_ingest_group_requests',
  help: 'Requests (of at most 100 events) that one shared ingest commit took together',
  buckets: [1, 2, 4, 8, 16, 32, 64],
});

const splits = counter({
  name: 'crossroads_ingest_group_splits_total',
  help: 'Shared ingest commits that failed and were committed again in halves (down to one request)',
});

const UNIQUE_VIOLATION = '23505';

/**
 * How the events are inserted. `all-new` is a plain insert that fails on a duplicate id, and then
 * the whole transaction is retried with `skip-duplicates` (`on conflict do nothing returning id`).
 * Most batches are new, and the plain insert skips the conflict check Postgres otherwise makes per
 * row (a third of the insert's cost) and returns nothing. A repeated batch costs one aborted
 * transaction (and one error line in Postgres' log) before it is stored.
 */
type InsertMode = 'all-new' | 'skip-duplicates';

/** Concurrent batches touching the same rows may still deadlock in Postgres; the loser retries. */
async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

/** One transaction for the events of one or more requests; an answer per request, in order. */
async function ingestOnce(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  requests: readonly StoredEvent[][],
  mode: InsertMode,
): Promise<IngestResult[]> {
  const events = requests.length === 1 ? requests[0]! : requests.flat();
  const grouped = events.length <= GROUP_EVENTS && requests.every((r) => r.length <= GROUPED_UP_TO);
  return sql.begin(async (tx) => {
    // Rows are written in key order, so concurrent batches lock them in the same order.
    const contactIds = [...new Set(events.map((e) => e.contactId))].sort();
    const rows = [...events].sort(byId);
    // Sent together (postgres.js pipelines them on the transaction's connection): one round trip.
    const [, inserted, context, contacts] = await Promise.all([
      // Only the missing contacts reach the insert: its conflict check costs twice a lookup.
      // `on conflict` still covers a contact created meanwhile by a concurrent transaction.
      tx`insert into contacts (workspace_id, id)
         select ${workspaceId}, id from (
           select unnest(${contactIds}::text[]) as id
           except
           select id from contacts where workspace_id = ${workspaceId} and id = any(${contactIds}::text[])
         ) as missing
         order by id
         on conflict do nothing`,
      // The events go as they are (their keys are the columns): no copy per row.
      insertEvents(
        tx,
        workspaceId,
        tx`select x.id, x."contactId", x.type, x.properties, x."timestamp"
           from jsonb_to_recordset(${tx.json(rows as never)})
             as x(id text, "contactId" text, type text, properties jsonb, "timestamp" timestamptz)`,
        mode,
      ),
      eventContext(tx, registry, workspaceId, contactIds),
      // Small ingests (grouped) mostly concern a journey: their contacts are read in the same round
      // trip, after the insert above (so new ones are there). A big batch reads only those acted on.
      grouped ? loadContacts(tx, workspaceId, contactIds) : undefined,
    ]);
    // A repeated id (stored before, or twice in flight) is accepted for its first request only.
    const fresh = mode === 'skip-duplicates' ? new Set(inserted.map((r) => r.id)) : undefined;
    const results = requests.map((own) => {
      const accepted = fresh ? own.filter((event) => fresh.delete(event.id)) : own;
      return {
        accepted,
        outcomes: {
          accepted: accepted.length,
          duplicates: own.length - accepted.length,
          enrolled: 0,
          resumed: 0,
          converted: 0,
        },
      };
    });
    const accepted = results.length === 1 ? results[0]!.accepted : results.flatMap((r) => r.accepted);
    ingested.inc(accepted.length);
    if (results.length === 1) {
      const effects = await actOnEvents(tx, registry, workspaceId, accepted, { ...context, contacts });
      return [{ ...results[0]!.outcomes, ...effects }];
    }
    // Several requests: each event's effects are counted for the request that sent it.
    const owner = new Map<string, IngestResult>();
    for (const r of results) for (const event of r.accepted) owner.set(event.id, r.outcomes);
    await actOnEvents(tx, registry, workspaceId, accepted, { ...context, contacts }, (eventId, outcome) => {
      const outcomes = owner.get(eventId);
      if (outcomes) outcomes[outcome]++;
    });
    return results.map((r) => r.outcomes);
  });
}
