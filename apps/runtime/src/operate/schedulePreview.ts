import type { LogicRule } from '@crossroads/graph-schema';
import {
  describeSchedule,
  evaluateRule,
  isValidZone,
  nextSlots,
  Schedule,
  slotWindow,
} from '@crossroads/nodes';
import type { z } from 'zod';
import type { Queryable } from '../db/connect.js';
import { ruleData } from '../ingest/segmentClocks.js';

export type PreviewResult =
  | { ok: true; preview: SchedulePreviewBody }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; error: z.ZodError }
  | { ok: false; reason: 'timezone' };

export interface SchedulePreviewBody {
  description: string;
  timezone: string;
  runs: Array<{ slot: string; startsAt: string; endsAt: string }>;
  segment: string;
  segmentFound: boolean;
  contacts: number;
}

/** How many of the workspace's contacts match a rule now, read in pages (as a run would). */
async function countMembers(sql: Queryable, workspaceId: string, rule: LogicRule): Promise<number> {
  const now = new Date();
  let count = 0;
  for (let after = ''; ; ) {
    const page = await sql<{ id: string; attributes: Record<string, unknown> }[]>`
      select id, attributes from contacts where workspace_id = ${workspaceId} and id > ${after}
      order by id limit 2000`;
    if (page.length === 0) return count;
    after = page[page.length - 1]!.id;
    for (const c of page) {
      try {
        if (evaluateRule(rule, ruleData(c.id, c.attributes, now)).matched) count++;
      } catch {
        // A rule that fails on a contact's data does not match it (as in a run).
      }
    }
  }
}

/**
 * What a scheduled trigger would do, before it is published: its next runs (in the journey's time
 * zone, or the window from the first to the last zone for contact time zones) and how many
 * contacts are in the segment now (its current rule: a publish pins that revision).
 */
export async function previewSchedule(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  input: { segment: string; schedule: unknown; timezone?: string | undefined; count?: number | undefined },
  now = new Date(),
): Promise<PreviewResult> {
  const [workflow] = await sql<{ timezone: string | null }[]>`
    select draft -> 'settings' ->> 'timezone' as timezone from workflows
    where id = ${workflowId} and workspace_id = ${workspaceId}`;
  if (!workflow) return { ok: false, reason: 'not-found' };
  const parsed = Schedule.safeParse(input.schedule);
  if (!parsed.success) return { ok: false, reason: 'invalid', error: parsed.error };
  if (input.timezone !== undefined && !isValidZone(input.timezone)) return { ok: false, reason: 'timezone' };
  const schedule = parsed.data;
  const timezone = input.timezone ?? workflow.timezone ?? 'UTC';
  const runs = nextSlots(schedule, timezone, now, input.count ?? 5).map((slot) => {
    const window = slotWindow(schedule, slot, timezone);
    return { slot, startsAt: window.from.toISOString(), endsAt: window.to.toISOString() };
  });
  const [segment] = await sql<{ rule: LogicRule }[]>`
    select rule from segments where workspace_id = ${workspaceId} and name = ${input.segment}`;
  return {
    ok: true,
    preview: {
      description: describeSchedule(schedule, schedule.zone === 'journey' ? timezone : undefined),
      timezone,
      runs,
      segment: input.segment,
      segmentFound: segment !== undefined,
      contacts: segment ? await countMembers(sql, workspaceId, segment.rule) : 0,
    },
  };
}

/** A journey's scheduled runs, newest first; null for a workflow of another workspace. */
export async function listScheduledRuns(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  limit: number,
) {
  const [owned] =
    await sql`select 1 from workflows where id = ${workflowId} and workspace_id = ${workspaceId}`;
  if (!owned) return null;
  const rows = await sql<
    {
      version: number;
      slot: string;
      segmentName: string;
      startsAt: Date;
      endsAt: Date;
      state: 'planned' | 'running' | 'done' | 'skipped';
      contacts: number;
      enrolled: number;
      note: string | null;
      finishedAt: Date | null;
    }[]
  >`
    select version, slot, segment_name, starts_at, ends_at, state, contacts, enrolled, note, finished_at
    from scheduled_runs where workspace_id = ${workspaceId} and workflow_id = ${workflowId}
    order by starts_at desc, version desc limit ${limit}`;
  return rows.map(({ segmentName, startsAt, endsAt, finishedAt, ...r }) => ({
    ...r,
    segment: segmentName,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    finishedAt: finishedAt?.toISOString() ?? null,
  }));
}
