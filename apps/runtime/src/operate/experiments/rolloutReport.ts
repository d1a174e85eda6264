import type { Queryable } from '../../db/connect.js';
import { type Comparison, compareGroups } from './lift.js';
import { emptyOutcome, type VersionOutcome, versionOutcomes } from './versionOutcomes.js';

/** One version as the rollout report shows it. */
export interface RolloutSide {
  version: number;
  /** `live`: the active version (the rest of new enrolments); `rollout`: the share being rolled out; `earlier`: no new enrolments. */
  side: 'live' | 'rollout' | 'earlier';
  /** Share of new enrolments it takes now, 0–100. */
  percent: number;
  enrolments: number;
  controlEnrolments: number;
  sends: number;
  /** Unique opens, clicks and replies over tracked emails sent; null before any was sent. */
  openRate: number | null;
  clickRate: number | null;
  replyRate: number | null;
  conversions: number;
  controlConversions: number;
  handoffs: number;
  /** Treated against control: conversion, lift, 95% interval, the sample it needs. */
  lift: Comparison | null;
}

export interface RolloutReport {
  activeVersion: number | null;
  rolloutVersion: number | null;
  rolloutPercent: number;
  controlPercent: number;
  sides: RolloutSide[];
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function sideOf(outcome: VersionOutcome, side: RolloutSide['side'], percent: number): RolloutSide {
  const treated = { contacts: outcome.treated.enrolments, conversions: outcome.treated.conversions };
  const control = { contacts: outcome.control.enrolments, conversions: outcome.control.conversions };
  return {
    version: outcome.version,
    side,
    percent,
    enrolments: outcome.treated.enrolments,
    controlEnrolments: outcome.control.enrolments,
    sends: outcome.sends,
    openRate: rate(outcome.opened, outcome.tracked),
    clickRate: rate(outcome.clicked, outcome.tracked),
    replyRate: rate(outcome.replied, outcome.tracked),
    conversions: outcome.treated.conversions,
    controlConversions: outcome.control.conversions,
    handoffs: outcome.handoffs,
    lift: control.contacts > 0 ? compareGroups(treated, control) : null,
  };
}

/**
 * A journey's rollout: the live version and the one rolled out to a share of new enrolments, each
 * with its enrolments, sends, open/click/reply rates, goal conversions, handoffs and lift against
 * its own control contacts; then earlier versions that enrolled anyone. Undefined when the
 * journey is not in the workspace.
 */
export async function rolloutReport(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
): Promise<RolloutReport | undefined> {
  const [row] = await sql<
    {
      activeVersion: number | null;
      rolloutVersion: number | null;
      rolloutPercent: string;
      controlPercent: string;
    }[]
  >`
    select active_version, rollout_version, rollout_percent, control_percent
    from workflows where workspace_id = ${workspaceId} and id = ${workflowId}`;
  if (!row) return undefined;
  const rolloutPercent = row.rolloutVersion === null ? 0 : Number(row.rolloutPercent);
  const outcomes = await versionOutcomes(sql, workspaceId, workflowId);
  const outcome = (version: number) => outcomes.get(version) ?? emptyOutcome(version);
  const sides: RolloutSide[] = [];
  if (row.activeVersion !== null)
    sides.push(sideOf(outcome(row.activeVersion), 'live', 100 - rolloutPercent));
  if (row.rolloutVersion !== null) sides.push(sideOf(outcome(row.rolloutVersion), 'rollout', rolloutPercent));
  const shown = new Set(sides.map((s) => s.version));
  for (const [version, earlier] of [...outcomes].sort((a, b) => b[0] - a[0])) {
    if (!shown.has(version)) sides.push(sideOf(earlier, 'earlier', 0));
  }
  return {
    activeVersion: row.activeVersion,
    rolloutVersion: row.rolloutVersion,
    rolloutPercent,
    controlPercent: Number(row.controlPercent),
    sides,
  };
}
