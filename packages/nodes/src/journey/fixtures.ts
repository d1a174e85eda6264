import type { Graph } from '@crossroads/graph-schema';

const at = { x: 0, y: 0 };

/**
 * The pricing-page journey used by the walker's tests: pricing view → email → wait for an open →
 * gate on lead score → sales handoff, or a case-study email when the open never comes.
 */
export function pricingJourney(overrides: Partial<Graph['settings']> = {}): Graph {
  return {
    schemaVersion: 1,
    id: 'pricing-page-handoff',
    name: 'Pricing page handoff',
    settings: { reentry: 'once', timezone: 'UTC', ...overrides },
    nodes: [
      {
        id: 'trigger',
        type: 'trigger',
        version: 1,
        position: at,
        config: {
          on: 'event',
          event: 'page.viewed',
          filter: { '==': [{ var: 'event.properties.page' }, 'pricing'] },
        },
      },
      {
        id: 'send-pricing',
        type: 'send',
        version: 1,
        position: at,
        config: {
          subject: 'Questions about pricing?',
          text: 'Hi {{ contact.first_name }}',
          reason: 'You viewed pricing',
        },
      },
      {
        id: 'wait-open',
        type: 'wait',
        version: 1,
        position: at,
        config: { mode: 'event', event: 'email.opened', timeout: 'P2D' },
      },
      {
        id: 'gate',
        type: 'segment-gate',
        version: 1,
        position: at,
        config: {
          branches: [{ id: 'hot', label: 'Hot lead', rule: { '>=': [{ var: 'contact.lead_score' }, 80] } }],
        },
      },
      {
        id: 'handoff',
        type: 'sales-handoff',
        version: 1,
        position: at,
        config: {
          assignment: { mode: 'owner', owner: 'ana@acme.io' },
          priority: 'high',
          note: 'Viewed pricing and opened the email',
          stopMarketing: true,
          signals: ['contact.lead_score'],
        },
      },
      {
        id: 'send-case-study',
        type: 'send',
        version: 1,
        position: at,
        config: { subject: 'How Acme grew', text: 'A case study', reason: 'You viewed pricing' },
      },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'send-pricing' },
      { id: 'e2', source: 'send-pricing', sourceHandle: 'next', target: 'wait-open' },
      { id: 'e3', source: 'wait-open', sourceHandle: 'event', target: 'gate' },
      { id: 'e4', source: 'wait-open', sourceHandle: 'timeout', target: 'send-case-study' },
      { id: 'e5', source: 'gate', sourceHandle: 'hot', target: 'handoff' },
      { id: 'e6', source: 'gate', sourceHandle: 'else', target: 'send-case-study' },
    ],
  };
}
