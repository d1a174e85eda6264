import { defineNode } from '@crossroads/nodes/sdk';
import { z } from 'zod';
import { bucket } from './bucket.js';

const Branch = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,64}$/, 'use lowercase letters, digits, _ and -')
    .describe('Output id: edges leave the node through it'),
  label: z.string().min(1).max(100),
  weight: z.number().min(0).max(1_000).describe('Share of contacts, relative to the other branches'),
});

export const SplitConfig = z.object({
  salt: z
    .string()
    .max(200)
    .describe('Contacts with the same id and salt always take the same branch; change it to reshuffle'),
  branches: z
    .array(Branch)
    .min(2, 'a split needs at least two branches')
    .max(10)
    .refine(
      (branches) => new Set(branches.map((b) => b.id)).size === branches.length,
      'branch ids must differ',
    )
    .refine((branches) => branches.some((b) => b.weight > 0), 'at least one branch needs a weight above 0'),
});
export type SplitConfig = z.infer<typeof SplitConfig>;

/**
 * The branch a contact takes: its bucket in [0, 1) scaled by the total weight, matched against
 * the branches' cumulative weights. Branches with weight 0 are never chosen.
 *
 * @example
 * ```ts
 * chooseBranch({ salt: 's', branches: [{ id: 'a', label: 'A', weight: 1 }, { id: 'b', label: 'B', weight: 0 }] }, 'c-1'); // 'a' branch
 * ```
 */
export function chooseBranch(
  config: SplitConfig,
  contactId: string,
): { branch: SplitConfig['branches'][number]; point: number } {
  const total = config.branches.reduce((sum, branch) => sum + branch.weight, 0);
  const point = bucket(contactId, config.salt);
  let cumulative = 0;
  const candidates = config.branches.filter((branch) => branch.weight > 0);
  for (const branch of candidates) {
    cumulative += branch.weight / total;
    if (point < cumulative) return { branch, point };
  }
  // Rounding can leave the top sliver uncovered: it belongs to the last weighted branch.
  return { branch: candidates.at(-1)!, point };
}

const percent = (weight: number, config: SplitConfig) =>
  Math.round((1_000 * weight) / config.branches.reduce((sum, branch) => sum + branch.weight, 0)) / 10;

/** `ab-split/split`: one output per branch; pure and idempotent (the same contact, the same branch). */
export const splitNode = defineNode({
  type: 'ab-split/split',
  version: 1,
  title: 'A/B split',
  description: 'Sends each contact down one branch, chosen by a hash of its id, in proportion to the weights',
  category: 'Flow',
  icon: 'split',
  color: '#8b5cf6',
  kind: 'gate',
  configSchema: SplitConfig,
  defaults: {
    salt: 'experiment-1',
    branches: [
      { id: 'a', label: 'Variant A', weight: 50 },
      { id: 'b', label: 'Variant B', weight: 50 },
    ],
  },
  outputs: (config) =>
    config.branches.map((branch) => ({
      id: branch.id,
      label: `${branch.label} (${percent(branch.weight, config)}%)`,
      required: branch.weight > 0,
    })),
  summary: (config) =>
    config.branches.map((branch) => `${branch.label} ${percent(branch.weight, config)}%`).join(' / '),
  capabilities: {},
  idempotent: true,
  execute: ({ config, contact }) => {
    const { branch, point } = chooseBranch(config, contact.id);
    return {
      next: branch.id,
      reason: {
        summary: `Branch '${branch.label}' (${percent(branch.weight, config)}% of contacts)`,
        details: { bucket: point, salt: config.salt },
      },
    };
  },
});
