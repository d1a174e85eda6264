import { defineNode } from '../../sdk/defineNode.js';
import { SplitConfig } from './config.js';
import { executeSplit } from './execute.js';

/**
 * A built-in experiment: 2–5 weighted arms, each contact always down the same one. The report
 * (`GET /v1/workflows/:id/experiments`) compares each arm's goal conversion with the first arm's.
 *
 * @example
 * ```ts
 * splitNode.outputsFor({ arms: [{ id: 'a', label: 'Short copy', weight: 1 }, { id: 'b', label: 'Long copy', weight: 1 }] });
 * // [{ id: 'a', label: 'Short copy' }, { id: 'b', label: 'Long copy' }]
 * ```
 */
export const splitNode = defineNode({
  type: 'split',
  version: 1,
  title: 'Split (experiment)',
  description: 'Sends each contact down one of 2–5 weighted arms, the same one every time, to compare them',
  category: 'Flow',
  icon: 'split',
  color: '#8b5cf6',
  kind: 'gate',
  configSchema: SplitConfig,
  defaults: {
    arms: [
      { id: 'arm-a', label: 'A', weight: 50 },
      { id: 'arm-b', label: 'B', weight: 50 },
    ],
  },
  outputs: (config) => config.arms.map((arm) => ({ id: arm.id, label: arm.label })),
  summary: (config) => {
    const total = config.arms.reduce((sum, arm) => sum + arm.weight, 0);
    return config.arms.map((arm) => `${arm.label} ${Math.round((arm.weight / total) * 100)}%`).join(' / ');
  },
  execute: executeSplit,
});
