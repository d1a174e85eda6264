import { defineNode } from '../../sdk/defineNode.js';
import { UpdateContactConfig } from './config.js';
import { executeUpdateContact } from './execute.js';

const VERB = { set: 'Set', copy: 'Copy into', increment: 'Add to', unset: 'Remove' } as const;

/**
 * Writes contact attributes (e.g. the lifecycle stage): set from text or Liquid, copied from the
 * event, added to, or removed; shown in the trace with each value before and after.
 *
 * @example
 * ```ts
 * updateContactNode.summary?.({ changes: [{ op: 'set', attribute: 'lifecycle_stage', value: 'sql', type: 'text' }], syncToCrm: true });
 * // 'Set lifecycle_stage; sync to CRM'
 * ```
 */
export const updateContactNode = defineNode({
  type: 'update-contact',
  version: 1,
  title: 'Update contact',
  description: 'Sets, adds to or removes contact attributes, e.g. moves the lifecycle stage to SQL',
  category: 'Data',
  icon: 'user-check',
  color: '#0ea5e9',
  kind: 'action',
  configSchema: UpdateContactConfig,
  defaults: {
    changes: [{ op: 'set', attribute: 'lifecycle_stage', value: 'marketing-qualified', type: 'text' }],
    syncToCrm: true,
  },
  outputs: [{ id: 'next', label: 'Next' }],
  summary: (config) =>
    `${config.changes.map((c) => `${VERB[c.op]} ${c.attribute}`).join(', ')}${config.syncToCrm ? '; sync to CRM' : ''}`,
  logicRules: (config) =>
    config.changes.flatMap((change, index) =>
      change.op === 'copy' ? [{ path: ['changes', index, 'from'], rule: { var: change.from } }] : [],
    ),
  execute: executeUpdateContact,
});
