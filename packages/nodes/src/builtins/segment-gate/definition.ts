import { defineNode } from '../../sdk/defineNode.js';
import { GATE_ELSE, SegmentGateConfig } from './config.js';
import { executeSegmentGate } from './execute.js';

/**
 * Ordered branches, each an inline JSONLogic rule or a workspace segment; first match wins.
 *
 * @example
 * ```ts
 * segmentGateNode.outputsFor(config); // one output per branch, then { id: 'else' }
 * ```
 */
export const segmentGateNode = defineNode({
  type: 'segment-gate',
  version: 1,
  title: 'Segment gate',
  description: 'Routes each contact down the first branch whose rule or segment matches, otherwise else',
  category: 'Flow',
  icon: 'split',
  color: '#f59e0b',
  kind: 'gate',
  configSchema: SegmentGateConfig,
  defaults: {
    branches: [{ id: 'hot', label: 'Hot lead', rule: { '>=': [{ var: 'contact.lead_score' }, 80] } }],
  },
  outputs: (config) => [
    ...config.branches.map((branch) => ({ id: branch.id, label: branch.label })),
    { id: GATE_ELSE, label: 'Else' },
  ],
  summary: (config) => `First match of ${config.branches.map((b) => b.label).join(', ')}; else`,
  logicRules: (config) =>
    config.branches.flatMap((branch, index) =>
      branch.rule === undefined ? [] : [{ path: ['branches', index, 'rule'], rule: branch.rule }],
    ),
  execute: executeSegmentGate,
});
