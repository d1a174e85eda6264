import { defineNode } from '../../sdk/defineNode.js';
import { WaitConfig } from './config.js';
import { executeWait } from './execute.js';
import { summarizeWait } from './summary.js';

/**
 * Holds a contact for a duration, until a send window opens, or until an event (with a timeout).
 *
 * @example
 * ```ts
 * waitNode.summary?.({ mode: 'event', event: 'email.opened', timeout: 'P2D' }); // 'Wait up to 2 days for email.opened'
 * ```
 */
export const waitNode = defineNode({
  type: 'wait',
  version: 1,
  title: 'Wait',
  description: 'Pauses the contact for a time, until a send window opens, or until an event arrives',
  category: 'Timing',
  icon: 'hourglass',
  color: '#0ea5e9',
  kind: 'wait',
  configSchema: WaitConfig,
  defaults: { mode: 'duration', duration: 'P1D' },
  outputs: (config) =>
    config.mode === 'event'
      ? [
          { id: 'event', label: `${config.event} received` },
          { id: 'timeout', label: 'Timed out' },
        ]
      : [{ id: 'next', label: 'Next' }],
  summary: summarizeWait,
  logicRules: (config) =>
    config.mode === 'event' && config.where !== undefined
      ? [{ path: ['where'], rule: config.where, roots: ['event', 'contact'] }]
      : [],
  execute: executeWait,
});
