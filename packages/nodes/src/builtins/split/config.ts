import { LIMITS } from '@crossroads/graph-schema';
import { z } from 'zod';

const ArmId = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : -');

const Arm = z
  .object({
    id: ArmId.meta({
      title: 'Arm id',
      description: 'Generated when the arm is added and never shown; edges and traces refer to it',
    }),
    label: z
      .string()
      .max(200)
      .refine((label) => label.trim().length > 0, 'give the arm a name')
      .meta({
        title: 'Arm name',
        description: 'Shown on the canvas and in the experiment report, e.g. Short copy',
      }),
    weight: z.number().int('a whole number').min(1, 'at least 1').max(100, 'at most 100').meta({
      title: 'Share',
      description: 'Share of contacts relative to the other arms; the editor shows it as a percentage of 100',
    }),
  })
  .meta({ title: 'Arm' });
export type SplitArm = z.infer<typeof Arm>;

/**
 * A split (experiment) step: 2–5 labelled, weighted arms. The first arm is the baseline the
 * report compares the others with. `plannedPerArm` is the sample the report waits for before it
 * reads the result.
 */
export const SplitConfig = z
  .object({
    arms: z.array(Arm).min(2, 'an experiment needs at least 2 arms').max(5, 'at most 5 arms').meta({
      title: 'Arms',
      'x-editor': 'arms',
      description: 'Each contact takes one arm, always the same; the first arm is the baseline',
    }),
    plannedPerArm: z.number().int().min(1).max(10_000_000).optional().meta({
      title: 'Contacts per arm before reading the result',
      description: "Until each arm has this many, the report says 'not enough data yet'",
    }),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    config.arms.forEach((arm, index) => {
      if (ids.has(arm.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['arms', index, 'id'],
          message: `two arms share the id '${arm.id}'`,
        });
      }
      ids.add(arm.id);
      const name = arm.label.trim().toLowerCase();
      if (names.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['arms', index, 'label'],
          message: `two arms are named '${arm.label}'; give each arm its own name`,
        });
      }
      names.add(name);
    });
  })
  .meta({ title: 'Split', description: 'Sends each contact down one weighted arm, the same one every time' });
export type SplitConfig = z.infer<typeof SplitConfig>;
