import { readVar, readVars } from '@crossroads/graph-schema';
import { type Decision, type ExecuteContext, type HandoffEffect, logicData } from '../../sdk/decision.js';
import type { SalesHandoffConfig } from './config.js';

type ByAttribute = Extract<SalesHandoffConfig['assignment'], { mode: 'attribute' }>;

/**
 * Owner for an attribute-routed lead: exact map key, then case-insensitive, then the fallback.
 *
 * @example
 * ```ts
 * const byRegion = { mode: 'attribute', attribute: 'region', map: { emea: 'ana@acme.io' }, fallback: 'queue@acme.io' } as const;
 * ownerByAttribute(byRegion, { region: 'EMEA' }); // 'ana@acme.io'
 * ownerByAttribute(byRegion, {}); // 'queue@acme.io'
 * ```
 */
export function ownerByAttribute(assignment: ByAttribute, contact: Record<string, unknown>): string {
  const value = readVar(contact, assignment.attribute);
  if (value === null || typeof value === 'object') return assignment.fallback;
  const key = String(value);
  if (Object.hasOwn(assignment.map, key)) return assignment.map[key] as string;
  const folded = Object.keys(assignment.map).find((k) => k.toLowerCase() === key.toLowerCase());
  return folded === undefined ? assignment.fallback : (assignment.map[folded] as string);
}

function assignmentFor(ctx: ExecuteContext<SalesHandoffConfig>): HandoffEffect['assignment'] {
  const { assignment, team } = ctx.config;
  const withTeam = team === undefined ? {} : { team };
  switch (assignment.mode) {
    case 'owner':
      return { owner: assignment.owner, ...withTeam };
    case 'round-robin':
      return { roundRobin: assignment.pool, ...withTeam };
    case 'attribute':
      return { owner: ownerByAttribute(assignment, ctx.contact), ...withTeam };
  }
}

/** Asks the runtime to hand the contact to sales, with the signals that qualified them. */
export function executeSalesHandoff(ctx: ExecuteContext<SalesHandoffConfig>): Decision {
  const { config } = ctx;
  const assignment = assignmentFor(ctx);
  const effect: HandoffEffect = {
    kind: 'handoff',
    assignment,
    priority: config.priority,
    note: config.note,
    stopMarketing: config.stopMarketing,
    signals: readVars(config.signals, logicData(ctx)),
  };
  const to = 'owner' in assignment ? assignment.owner : `the ${assignment.team ?? 'round-robin'} pool`;
  return {
    next: 'next',
    effect,
    reason: {
      summary: `Handed to ${to} (${config.priority} priority)`,
      details: { signals: effect.signals },
    },
  };
}
