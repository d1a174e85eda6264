import { LIMITS, LogicRule } from '@crossroads/graph-schema';
import { z } from 'zod';
import { SegmentName } from '../shared/fields.js';

/** The output taken when no branch matches. */
export const GATE_ELSE = 'else';
/** What the fallback output is called wherever a branch is named. */
export const GATE_ELSE_LABEL = 'Else';

const BranchId = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : -')
  .refine((id) => id !== GATE_ELSE, `'${GATE_ELSE}' is reserved for the fallback output`);

const branchFields = {
  label: z
    .string()
    .max(200)
    .refine((label) => label.trim().length > 0, 'give the branch a name')
    .meta({ title: 'Branch name', description: 'Shown on the canvas and in traces, e.g. Hot SaaS lead' }),
  rule: LogicRule.optional().meta({
    title: 'Rule',
    description: 'Who goes down this branch: a condition on contact, event, journey or engagement data',
  }),
  segment: SegmentName.optional().meta({
    title: 'Segment',
    description: 'A workspace segment whose members go down this branch (use this or a rule)',
  }),
};

/** Exactly one of rule or segment, named by the branch's label (its id is never shown). */
function ruleOrSegment(branch: { label: string; rule?: unknown; segment?: unknown }, ctx: z.RefinementCtx) {
  if ((branch.rule === undefined) === (branch.segment === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: branch.rule === undefined ? ['rule'] : ['segment'],
      message: `branch '${branch.label}' needs exactly one of a rule or a segment`,
    });
  }
}

const Branch = z
  .object({
    id: BranchId.meta({
      title: 'Branch id',
      description: 'Generated when the branch is added and never shown; edges and traces refer to it',
    }),
    ...branchFields,
  })
  .superRefine(ruleOrSegment)
  .meta({ title: 'Branch' });
export type Branch = z.infer<typeof Branch>;

/** Lower-cased, trimmed: two labels that read the same are the same name. */
const sameName = (label: string) => label.trim().toLowerCase();

/**
 * Segment gate config, version 2: people name branches (`label`, unique within the gate, never
 * "Else"); the editor generates each branch's `id` once (`newBranchId`) and never shows it, so
 * renaming, reordering or removing a branch leaves every edge on the other branches attached.
 */
export const SegmentGateConfig = z
  .object({
    branches: z.array(Branch).min(1).max(50).meta({
      title: 'Branches',
      description: 'Checked in order; the first match wins, everyone else goes down Else',
      'x-editor': 'branches',
    }),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    const names = new Map<string, number>([[sameName(GATE_ELSE_LABEL), -1]]);
    config.branches.forEach((branch, index) => {
      if (ids.has(branch.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['branches', index, 'id'],
          message: `two branches share the id '${branch.id}'; ids must be unique`,
        });
      }
      ids.add(branch.id);
      const name = sameName(branch.label);
      const other = names.get(name);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['branches', index, 'label'],
          message:
            other < 0
              ? `'${branch.label}' is the name of the fallback branch; name this branch differently`
              : `two branches are named '${branch.label}'; give each branch its own name`,
        });
      }
      names.set(name, index);
    });
  })
  .meta({
    title: 'Segment gate',
    description: 'Routes each contact down the first branch whose rule matches',
  });
export type SegmentGateConfig = z.infer<typeof SegmentGateConfig>;

/**
 * Version 1: branch ids were typed by people (and shown as such), labels could repeat. Kept so
 * published versions that still say `version: 1` run and validate as they were published.
 */
export const SegmentGateConfigV1 = z
  .object({
    branches: z
      .array(
        z
          .object({
            id: BranchId.meta({
              title: 'Branch id',
              description: 'Output handle of this branch; edges and traces refer to it',
            }),
            ...branchFields,
            label: z
              .string()
              .min(1)
              .max(200)
              .meta({ title: 'Label', description: 'Shown on the canvas, e.g. Hot SaaS lead' }),
          })
          .superRefine(ruleOrSegment)
          .meta({ title: 'Branch' }),
      )
      .min(1)
      .max(50)
      .meta({ title: 'Branches', description: 'Checked in order; the first match wins, otherwise else' }),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.branches.forEach((branch, index) => {
      if (seen.has(branch.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['branches', index, 'id'],
          message: `branch id '${branch.id}' is used twice; branch ids must be unique`,
        });
      }
      seen.add(branch.id);
    });
  })
  .meta({
    title: 'Segment gate',
    description: 'Routes each contact down the first branch whose rule matches',
  });
