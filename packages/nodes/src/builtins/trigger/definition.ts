import { defineNode } from '../../sdk/defineNode.js';
import { TriggerConfig } from './config.js';
import { describeSchedule } from './describeSchedule.js';
import { executeTrigger, triggerEnrols, triggerEventTypes } from './execute.js';

/**
 * Starts a journey on an event (optionally filtered) or when a contact enters a segment.
 *
 * @example
 * ```ts
 * triggerNode.summary?.({ on: 'event', event: 'page.viewed' }); // 'When page.viewed happens'
 * ```
 */
export const triggerNode = defineNode({
  type: 'trigger',
  version: 1,
  title: 'Trigger',
  description: 'Starts the journey when an event arrives, a contact enters a segment, or on a schedule',
  category: 'Triggers',
  icon: 'zap',
  color: '#8b5cf6',
  kind: 'trigger',
  configSchema: TriggerConfig,
  defaults: { on: 'event', event: 'page.viewed' },
  outputs: [{ id: 'next', label: 'Next', required: true }],
  summary: (config) => {
    if (config.on === 'segment') return `When a contact enters ${config.segment}`;
    if (config.on === 'schedule') return `${describeSchedule(config.schedule)}: ${config.segment}`;
    return `When ${config.event} happens${config.filter === undefined ? '' : ' and matches the filter'}`;
  },
  logicRules: (config) =>
    config.on === 'event' && config.filter !== undefined
      ? [{ path: ['filter'], rule: config.filter, roots: ['event', 'contact'] }]
      : [],
  listensTo: triggerEventTypes,
  matches: triggerEnrols,
  execute: executeTrigger,
});
