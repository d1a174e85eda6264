import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import pricing from '../../../../../examples/pricing-page-handoff/graph.json' with { type: 'json' };
import { createOperateApi } from '../api/operateApi.js';
import { runSimulation } from './runSimulation.js';

const graph = pricing as unknown as Graph;
const input = {
  graph,
  contact: { id: 'c', lead_score: 40, industry: 'Retail' },
  events: [{ after: 0, type: 'page.viewed', properties: { page: 'pricing' } }],
};
const answering = (status: number, body = '') =>
  createOperateApi({ apiKey: 'k', fetch: async () => new Response(body, { status }) });

describe('runSimulation', () => {
  it('runs in the browser when the runtime has no simulate route', async () => {
    const run = await runSimulation(answering(404), 'w', input);
    expect(run.ranOn).toBe('browser');
    expect(run.result.path.at(-1)?.nodeId).toBe('case-study');
  });
  it('reports input errors from the runtime instead of running elsewhere', async () => {
    const problem = JSON.stringify({ title: 'Bad Request', status: 400, detail: 'events[0].after: bad' });
    await expect(runSimulation(answering(400, problem), 'w', input)).rejects.toThrow('events[0].after: bad');
  });
});
