import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { welcomeJourney } from '../../test/helpers/journeys.js';
import { testRegistry } from '../../test/helpers/registry.js';
import { Graph } from '../graph.js';
import { validateGraph } from '../validate/validateGraph.js';
import { migrateGraph } from './migrateGraph.js';
import { slugify } from './v0ToV1.js';

const fixtures = new URL('../../test/fixtures/migrations/', import.meta.url);
const readFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const v0Fixtures = readdirSync(fixtures).filter((name) => /^v0-[\w-]+(?<!expected-v1)\.json$/.test(name));

describe('migrateGraph', () => {
  it('has v0 fixtures to migrate', () => {
    expect(v0Fixtures).toEqual(['v0-react-flow-export.json', 'v0-welcome.json']);
  });

  for (const name of v0Fixtures) {
    it(`migrates ${name} to its expected v1 document, which parses and validates`, () => {
      const input = readFixture(name);
      const before = JSON.stringify(input);
      const result = migrateGraph(input);
      expect(result).toMatchObject({ ok: true, from: 0, applied: ['v0-react-flow-to-v1'] });
      if (!result.ok) return;
      expect(result.graph).toEqual(readFixture(name.replace('.json', '.expected-v1.json')));
      expect(Graph.safeParse(result.graph).success).toBe(true);
      expect(validateGraph(result.graph, testRegistry).problems).toEqual([]);
      expect(JSON.stringify(input)).toBe(before); // input untouched
    });
  }

  it('is deterministic: the same v0 document always gets the same edge ids', () => {
    const first = migrateGraph(readFixture('v0-welcome.json'));
    const second = migrateGraph(readFixture('v0-welcome.json'));
    expect(first).toEqual(second);
  });

  it('returns a current document unchanged with nothing applied', () => {
    const graph = welcomeJourney();
    expect(migrateGraph(graph)).toEqual({ ok: true, graph, from: 1, applied: [] });
  });

  it('refuses newer, invalid and non-object input with a clear problem', () => {
    expect(migrateGraph({ ...welcomeJourney(), schemaVersion: 2 })).toMatchObject({
      ok: false,
      problem: { code: 'migrate.version-newer', path: 'schemaVersion' },
    });
    expect(migrateGraph({ schemaVersion: 'one' })).toMatchObject({
      problem: { code: 'migrate.version-invalid' },
    });
    expect(migrateGraph({ schemaVersion: 0.5 })).toMatchObject({
      problem: { code: 'migrate.version-invalid' },
    });
    expect(migrateGraph([1, 2])).toMatchObject({ problem: { code: 'migrate.not-object' } });
    expect(migrateGraph({ schemaVersion: 0 }, [])).toMatchObject({ problem: { code: 'migrate.no-path' } });
  });

  it('refuses hostile input by the limits before copying it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(migrateGraph({ name: 'x', nodes: [], edges: [], junk: deep })).toMatchObject({
      ok: false,
      problem: { code: 'limit.depth' },
    });
    expect(migrateGraph({ name: 'x', nodes: new Array(5000).fill({}) })).toMatchObject({
      problem: { code: 'limit.nodes' },
    });
  });

  it('reports a throwing migration instead of throwing', () => {
    const broken = [
      {
        from: 0,
        to: 1,
        name: 'boom',
        up: () => {
          throw new Error('nope');
        },
      },
    ];
    const result = migrateGraph({ name: 'x' }, broken);
    expect(result).toMatchObject({ ok: false, problem: { code: 'migrate.failed' } });
    if (!result.ok) expect(result.problem.message).toContain('boom failed: nope');
  });

  it('fills defaults for a bare v0 document', () => {
    const result = migrateGraph({ name: 'Ünïcode   Journey!!', nodes: [], edges: [] });
    expect(result).toMatchObject({
      ok: true,
      graph: { id: 'unicode-journey', settings: { reentry: 'once', timezone: 'UTC' }, nodes: [], edges: [] },
    });
    expect(slugify('***')).toBe('journey');
  });
});
