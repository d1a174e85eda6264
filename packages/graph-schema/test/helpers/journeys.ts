import type { GraphEdge, GraphInput, GraphNode } from '../../src/graph.js';

type NodeInput = Omit<GraphNode, 'position' | 'version'> & Partial<Pick<GraphNode, 'position' | 'version'>>;

export const node = (input: NodeInput): GraphNode => ({ version: 1, position: { x: 0, y: 0 }, ...input });

export const edge = (source: string, sourceHandle: string, target: string, id?: string): GraphEdge => ({
  id: id ?? `${source}.${sourceHandle}-${target}`,
  source,
  sourceHandle,
  target,
});

/**
 * A realistic welcome journey: sign-up, cool-off, a lead-score gate, a case study for hot leads
 * with a reminder when it goes unopened, a nurture email for the rest.
 */
export function welcomeJourney(): GraphInput & { nodes: GraphNode[]; edges: GraphEdge[] } {
  return {
    schemaVersion: 1,
    id: 'welcome',
    name: 'Welcome journey',
    nodes: [
      node({ id: 'signup', type: 'event-trigger', config: { event: 'user.signed_up' }, label: 'Sign-up' }),
      node({
        id: 'cool-off',
        type: 'wait',
        version: 2,
        config: { duration: 'P2D' },
        position: { x: 0, y: 100 },
      }),
      node({
        id: 'gate',
        type: 'gate',
        label: 'Qualify',
        position: { x: 0, y: 200 },
        config: {
          branches: [
            { id: 'hot', label: 'Hot lead', rule: { and: [{ '>': [{ var: 'contact.lead_score' }, 50] }] } },
          ],
        },
      }),
      node({
        id: 'case-study',
        type: 'send',
        config: { template: 'case-study', subject: 'How Acme grew 3x' },
      }),
      node({ id: 'opened', type: 'wait-for-event', config: { event: 'email.opened', timeout: 'P3D' } }),
      node({ id: 'follow-up', type: 'send', config: { template: 'follow-up', subject: 'Shall we talk?' } }),
      node({
        id: 'reminder',
        type: 'send',
        config: { template: 'reminder', subject: 'In case you missed it' },
      }),
      node({ id: 'nurture', type: 'send', config: { template: 'nurture', subject: 'Tips for week one' } }),
    ],
    edges: [
      edge('signup', 'next', 'cool-off'),
      edge('cool-off', 'next', 'gate'),
      edge('gate', 'hot', 'case-study'),
      edge('gate', 'else', 'nurture'),
      edge('case-study', 'next', 'opened'),
      edge('opened', 'onEvent', 'follow-up'),
      edge('opened', 'onTimeout', 'reminder'),
    ],
    settings: { reentry: 'once', timezone: 'Europe/Berlin' },
  };
}
