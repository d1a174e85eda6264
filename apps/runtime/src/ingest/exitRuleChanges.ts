import { randomUUID } from 'node:crypto';
import type { LogicRule } from '@crossroads/graph-schema';
import { ATTRIBUTE_CHANGED_EVENT, exitRuleWatch, type Registry, ruleMatchesEvent } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';
import { journeyAt } from '../walk/journeys.js';
import { actOnEvents, eventContext, insertEventOnce, type StoredEvent } from './actOnEvents.js';
import { SEGMENT_EXITED_EVENT } from './segmentClocks.js';

type Attributes = Record<string, unknown>;

/** A value kept in the event only when small (the event row is not a copy of the contact). */
const small = (value: unknown) => (value === undefined || JSON.stringify(value).length > 2000 ? null : value);

/** The attributes whose value differs between `before` and `after`, with both values. */
export function changedAttributes(before: Attributes, after: Attributes) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort()
    .map((attribute) => ({ attribute, from: small(before[attribute]), to: small(after[attribute]) }));
}

/**
 * The exit rules of the journeys a contact is in, checked on a contact update: an attribute that
 * changed stores `attribute.changed` (per attribute, `{ attribute, from, to }`), a segment an exit
 * rule names that the contact just left stores `segment.exited`; each is acted on for the live
 * enrollments whose version has such a rule (no journey enrols on them). Nothing is stored for a
 * contact in no such journey. `heard`: segment → journeys that already heard its exit (trigger
 * segments, see `mergeContact`). `eventId` (type, attribute or segment) names the events: a caller
 * that may run twice (an import's job) gives fixed ids, and an event stored before is not acted on.
 */
export async function actOnExitRuleChanges(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  id: string,
  before: Attributes | undefined,
  after: Attributes,
  heard: ReadonlyMap<string, ReadonlySet<string>>,
  eventId: (type: string, key: string) => string = (type) => `${type}:${randomUUID()}`,
): Promise<void> {
  // A new contact is in no journey yet.
  if (!before) return;
  const changes = changedAttributes(before, after);
  if (changes.length === 0) return;
  const versions = await tx<{ workflowId: string; version: number }[]>`
    select distinct workflow_id, version from enrollments
    where workspace_id = ${workspaceId} and contact_id = ${id} and ended_at is null`;
  const attributeWatchers = new Set<string>();
  const segmentWatchers = new Map<string, Set<string>>();
  for (const v of versions) {
    // A version that cannot compile fails its enrollments when they advance; updates skip it.
    const journey = await journeyAt(tx, registry, v.workflowId, v.version).catch(() => undefined);
    if (!journey) continue;
    const watch = exitRuleWatch(journey.settings);
    if (watch.attributes) attributeWatchers.add(v.workflowId);
    for (const segment of watch.segments) {
      if (heard.get(segment)?.has(v.workflowId)) continue;
      segmentWatchers.set(segment, (segmentWatchers.get(segment) ?? new Set()).add(v.workflowId));
    }
  }
  if (attributeWatchers.size === 0 && segmentWatchers.size === 0) return;
  const timestamp = new Date().toISOString();
  const store = async (all: StoredEvent[], workflows: ReadonlySet<string>) => {
    const events: StoredEvent[] = [];
    for (const e of all) if (await insertEventOnce(tx, workspaceId, e)) events.push(e);
    if (events.length === 0) return;
    const context = await eventContext(tx, registry, workspaceId, [id]);
    await actOnEvents(tx, registry, workspaceId, events, {
      journeys: [],
      live: context.live.filter((l) => workflows.has(l.workflowId)),
    });
  };
  if (attributeWatchers.size > 0) {
    const events = changes.map((change) => ({
      id: eventId(ATTRIBUTE_CHANGED_EVENT, change.attribute),
      contactId: id,
      type: ATTRIBUTE_CHANGED_EVENT,
      properties: change,
      timestamp,
    }));
    await store(events, attributeWatchers);
  }
  if (segmentWatchers.size === 0) return;
  // The segments' current rules: exit rules name a segment, they do not pin a revision of it.
  const segments = await tx<{ name: string; rule: LogicRule }[]>`
    select s.name, r.rule from segments s
    join segment_revisions r on r.segment_id = s.id and r.revision = s.revision
    where s.workspace_id = ${workspaceId} and s.name = any(${[...segmentWatchers.keys()]}::text[])`;
  const now = new Date().toISOString();
  // A rule that fails on these attributes (a huge list, a JSONLogic quirk) does not match.
  const matches = (rule: LogicRule, attrs: Attributes) =>
    ruleMatchesEvent(rule, { contact: { ...attrs, id }, now, engagement: {} }).matched;
  for (const segment of segments) {
    if (!matches(segment.rule, before) || matches(segment.rule, after)) continue;
    const event = {
      id: eventId(SEGMENT_EXITED_EVENT, segment.name),
      contactId: id,
      type: SEGMENT_EXITED_EVENT,
      properties: { segment: segment.name },
      timestamp,
    };
    await store([event], segmentWatchers.get(segment.name) ?? new Set());
  }
}
