import { LIMITS, LogicRule } from '@crossroads/graph-schema';
import { z } from 'zod';
import { SegmentName } from '../shared/fields.js';

/** The output taken when no branch matches. */
export const GATE_ELSE = 'else';

const Branch = z
  .object({
    id: z
      .string()
      .min(1)
      .max(LIMITS.maxIdLength)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : -')
      .refine((id) => id !== GATE_ELSE, `'${GATE_ELSE}' is reserved for the fallback output`)
      .meta({
        title: 'Branch id',
        description: 'Output handle of this branch; edges and traces refer to it',
      }),
    label: z
      .string()
      .min(1)
      .max(200)
      .meta({ title: 'Label', description: 'Shown on the canvas, e.g. Hot SaaS lead' }),
    rule: LogicRule.optional().meta({
      title: 'Rule',
      description: 'Inline JSONLogic over contact, event, journey, engagement and now (use this or segment)',
    }),
    segment: SegmentName.optional().meta({
      title: 'Segment',
      description: 'Name of a workspace segment whose rule decides this branch (use this or rule)',
    }),
  })
  .superRefine((branch, ctx) => {
    if ((branch.rule === undefined) === (branch.segment === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: branch.rule === undefined ? ['rule'] : ['segment'],
        message: `branch '${branch.id}' needs exactly one of rule (inline JSONLogic) or segment (a segment name)`,
      });
    }
  })
  .meta({ title: 'Branch' });
export type Branch = z.infer<typeof Branch>;

export const SegmentGateConfig = z
  .object({
    branches: z
      .array(Branch)
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
export type SegmentGateConfig = z.infer<typeof SegmentGateConfig>;
