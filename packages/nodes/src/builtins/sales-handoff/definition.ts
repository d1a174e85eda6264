import { ON_ERROR_OUTPUT } from '../../sdk/decision.js';
import { defineNode } from '../../sdk/defineNode.js';
import { SalesHandoffConfig } from './config.js';
import { executeSalesHandoff } from './execute.js';

/**
 * Hands a qualified contact to a sales rep: fixed owner, round robin, or routed by an attribute.
 *
 * @example
 * ```ts
 * salesHandoffNode.execute(ctx); // { next: 'next', effect: { kind: 'handoff', assignment, signals, ... } }
 * ```
 */
export const salesHandoffNode = defineNode({
  type: 'sales-handoff',
  version: 1,
  title: 'Sales handoff',
  description: 'Assigns the contact to a sales rep with a note and the signals that qualified them',
  category: 'Sales',
  icon: 'handshake',
  color: '#ef4444',
  kind: 'action',
  configSchema: SalesHandoffConfig,
  defaults: {
    assignment: { mode: 'owner', owner: 'sales@example.com' },
    priority: 'normal',
    note: "{{ contact.first_name | default: 'This contact' }} is ready for a conversation.",
    stopMarketing: true,
    signals: ['contact.lead_score'],
  },
  // On error: the delivery failed for good (the walk waits for it only when this is connected).
  outputs: [{ id: 'next', label: 'Next' }, ON_ERROR_OUTPUT],
  summary: (config) => {
    const a = config.assignment;
    const to =
      a.mode === 'owner'
        ? a.owner
        : a.mode === 'round-robin'
          ? `${a.pool.length} reps in turn`
          : `owner by ${a.attribute}`;
    return `Hand to ${to}${config.priority === 'normal' ? '' : ` (${config.priority})`}`;
  },
  logicRules: (config) =>
    config.signals.map((path, index) => ({ path: ['signals', index], rule: { var: path } })),
  execute: executeSalesHandoff,
});
