import { defineNode } from '../../sdk/defineNode.js';
import { TriggerConfig } from './config.js';
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
  description: 'Starts the journey when an event arrives or a contact enters a segment',
  category: 'Triggers',
  icon: 'zap',
  color: '#8b5cf6',
  kind: 'trigger',
  configSchema: TriggerConfig,
  defaults: { on: 'event', event: 'page.viewed' },
  outputs: [{ id: 'next', label: 'Next', required: true }],
  summary: (config) =>
    config.on === 'segment'
      ? `When a contact enters ${config.segment}`
      : `When ${config.event} happens${config.filter === undefined ? '' : ' and matches the filter'}`,
  logicRules: (config) =>
    config.on === 'event' && config.filter !== undefined
      ? [{ path: ['filter'], rule: config.filter, roots: ['event', 'contact'] }]
      : [],
  listensTo: triggerEventTypes,
  matches: triggerEnrols,
  execute: executeTrigger,
});
