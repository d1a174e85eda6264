import { defineNode } from '../../sdk/defineNode.js';
import { GATE_ELSE, GATE_ELSE_LABEL, SegmentGateConfig, SegmentGateConfigV1 } from './config.js';
import { executeSegmentGate } from './execute.js';
import { uniqueBranchLabels } from './migrations.js';

const metadata = {
  type: 'segment-gate',
  title: 'Segment gate',
  description: 'Routes each contact down the first branch whose rule or segment matches, otherwise else',
  category: 'Flow',
  icon: 'split',
  color: '#f59e0b',
  kind: 'gate',
} as const;

const outputs = (config: { branches: Array<{ id: string; label: string }> }) => [
  ...config.branches.map((branch) => ({ id: branch.id, label: branch.label })),
  { id: GATE_ELSE, label: GATE_ELSE_LABEL },
];
const summary = (config: { branches: Array<{ label: string }> }) =>
  `First match of ${config.branches.map((b) => b.label).join(', ')}; else`;
const logicRules = (config: { branches: Array<{ rule?: unknown }> }) =>
  config.branches.flatMap((branch, index) =>
    branch.rule === undefined ? [] : [{ path: ['branches', index, 'rule'], rule: branch.rule }],
  );

/**
 * Ordered branches, each an inline JSONLogic rule or a workspace segment; first match wins.
 * People name the branches; their ids are generated (`newBranchId`) and never shown.
 *
 * @example
 * ```ts
 * segmentGateNode.outputsFor(config); // one output per branch (id, label), then { id: 'else', label: 'Else' }
 * ```
 */
export const segmentGateNode = defineNode({
  ...metadata,
  version: 2,
  configSchema: SegmentGateConfig,
  defaults: {
    branches: [{ id: 'hot', label: 'Hot lead', rule: { '>=': [{ var: 'contact.lead_score' }, 80] } }],
  },
  outputs,
  summary,
  logicRules,
  execute: executeSegmentGate,
  migrations: [uniqueBranchLabels],
});

/**
 * Version 1 (branch ids typed by people, labels could repeat), still registered so versions
 * published with it validate and run unchanged. Drafts move to v2 on load (`unique-branch-labels`).
 */
export const segmentGateNodeV1 = defineNode({
  ...metadata,
  version: 1,
  configSchema: SegmentGateConfigV1,
  defaults: {
    branches: [{ id: 'hot', label: 'Hot lead', rule: { '>=': [{ var: 'contact.lead_score' }, 80] } }],
  },
  outputs,
  summary,
  logicRules,
  execute: executeSegmentGate,
});
