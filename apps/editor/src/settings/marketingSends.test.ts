import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { sendsMarketing } from './marketingSends.js';

const send = (config: Record<string, unknown>) =>
  ({ id: 's', type: 'send', config }) as Graph['nodes'][number];

describe('sendsMarketing', () => {
  it('counts send steps that are marketing, the default', () => {
    expect(sendsMarketing({ nodes: [send({ category: 'marketing' })] })).toBe(true);
    expect(sendsMarketing({ nodes: [send({})] })).toBe(true);
    expect(sendsMarketing({ nodes: [send({ category: 'transactional' })] })).toBe(false);
    expect(sendsMarketing({ nodes: [] })).toBe(false);
  });

  it('finds the marketing sends of an example journey', () => {
    const example = resolve(import.meta.dirname, '../../../../examples/pricing-page-handoff/graph.json');
    expect(sendsMarketing(JSON.parse(readFileSync(example, 'utf8')))).toBe(true);
  });
});
