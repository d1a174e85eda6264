import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { welcomeJourney } from '../../test/helpers/journeys.js';
import { testRegistry } from '../../test/helpers/registry.js';
import { loadGraph } from './loadGraph.js';

const v0 = () =>
  JSON.parse(
    readFileSync(new URL('../../test/fixtures/migrations/v0-welcome.json', import.meta.url), 'utf8'),
  ) as unknown;

describe('loadGraph', () => {
  it('brings a v0 save all the way to a current, valid graph', () => {
    const result = loadGraph(v0(), testRegistry);
    expect(result.problems).toEqual([]);
    expect(result.applied).toEqual(['v0-react-flow-to-v1', 'cool-off: wait v1 → v2 (days-to-duration)']);
    expect(result.graph?.nodes.find((node) => node.id === 'cool-off')).toMatchObject({
      version: 2,
      config: { duration: 'P2D' },
    });
  });

  it('passes a current graph through with nothing applied', () => {
    const result = loadGraph(welcomeJourney(), testRegistry);
    expect(result).toMatchObject({ ok: true, applied: [], problems: [] });
  });

  it('returns migration and validation problems instead of throwing', () => {
    expect(loadGraph({ ...welcomeJourney(), schemaVersion: 5 }, testRegistry).problems[0]?.code).toBe(
      'migrate.version-newer',
    );
    const broken = { ...welcomeJourney(), edges: 'none' };
    expect(loadGraph(broken, testRegistry).problems.map((p) => p.code)).toContain('structure.invalid');
    const huge = { name: 'x', nodes: new Array(5000).fill({}) };
    expect(loadGraph(huge, testRegistry).problems.map((p) => p.code)).toEqual(['limit.nodes']);
  });
});
