import type { GraphEdge, GraphInput, GraphNode } from '../../src/graph.js';
import { edge, node } from './journeys.js';

/**
 * A realistic large journey for benchmarks and performance tests: a trigger, then blocks of
 * gate → send → wait-for-event, where an unopened email gets a reminder, a day's wait and
 * another pass through the gate (a loop through waits), and an opened one moves to the next block.
 */
export function bigGraph(nodeCount = 2000): GraphInput & { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [
    node({ id: 'start', type: 'event-trigger', config: { event: 'user.signed_up' } }),
  ];
  const edges: GraphEdge[] = [];
  let previous = { id: 'start', handle: 'next' };
  for (let block = 0; nodes.length + 5 <= nodeCount; block++) {
    const id = (role: string) => `${role}-${block}`;
    const at = (row: number) => ({ x: block * 320, y: row * 140 });
    nodes.push(
      node({
        id: id('gate'),
        type: 'gate',
        label: `Qualify ${block}`,
        position: at(0),
        config: {
          branches: [
            {
              id: 'hot',
              label: 'Hot lead',
              rule: {
                and: [
                  { '>': [{ var: 'contact.lead_score' }, block % 100] },
                  { in: ['pro', { var: 'contact.plan' }] },
                ],
              },
            },
            { id: 'warm', label: 'Warm lead', rule: { '>=': [{ var: 'engagement.opens_30d' }, 2] } },
          ],
        },
      }),
      node({
        id: id('send'),
        type: 'send',
        position: at(1),
        config: { template: `t${block}`, subject: `Step ${block}` },
      }),
      node({
        id: id('opened'),
        type: 'wait-for-event',
        position: at(2),
        config: { event: 'email.opened', timeout: 'P3D' },
      }),
      node({
        id: id('reminder'),
        type: 'send',
        position: at(3),
        config: { template: 'reminder', subject: 'Reminder' },
      }),
      node({ id: id('pause'), type: 'wait', version: 2, position: at(4), config: { duration: 'P1D' } }),
    );
    edges.push(
      edge(previous.id, previous.handle, id('gate')),
      edge(id('gate'), 'hot', id('send')),
      edge(id('gate'), 'warm', id('send')),
      edge(id('send'), 'next', id('opened')),
      edge(id('opened'), 'onTimeout', id('reminder')),
      edge(id('reminder'), 'next', id('pause')),
      edge(id('pause'), 'next', id('gate')),
    );
    previous = { id: id('opened'), handle: 'onEvent' };
  }
  for (let i = 0; nodes.length < nodeCount; i++) {
    nodes.push(node({ id: `tail-${i}`, type: 'send', config: { template: 'tail', subject: 'Last words' } }));
    edges.push(edge(previous.id, previous.handle, `tail-${i}`));
    previous = { id: `tail-${i}`, handle: 'next' };
  }
  return {
    schemaVersion: 1,
    id: 'big',
    name: 'Big journey',
    nodes,
    edges,
    settings: { reentry: 'after-exit', timezone: 'UTC' },
  };
}
