import { ON_ERROR_OUTPUT } from '../../sdk/decision.js';
import { defineNode } from '../../sdk/defineNode.js';
import { SendConfig } from './config.js';
import { executeSend } from './execute.js';

/**
 * Sends one email built from Liquid templates.
 *
 * @example
 * ```ts
 * sendNode.execute(ctx); // { next: 'next', effect: { kind: 'email', subject, ... } }
 * ```
 */
export const sendNode = defineNode({
  type: 'send',
  version: 1,
  title: 'Send email',
  description: 'Sends an email rendered from Liquid templates, with the reason the contact receives it',
  category: 'Messaging',
  icon: 'mail',
  color: '#10b981',
  kind: 'action',
  configSchema: SendConfig,
  defaults: {
    subject: "{{ contact.first_name | default: 'Hi there' }}, a quick note",
    text: "Hi {{ contact.first_name | default: 'there' }},\n\n",
    reason: 'You are receiving this because you signed up at our website.',
    category: 'marketing',
  },
  // On error: the delivery failed for good (the walk waits for it only when this is connected).
  outputs: [{ id: 'next', label: 'Next' }, ON_ERROR_OUTPUT],
  summary: (config) =>
    `Send '${config.subject}'${config.category === 'transactional' ? ' (transactional)' : ''}`,
  execute: executeSend,
});
