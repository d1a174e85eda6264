import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Graph, validateGraph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from './index.js';

const EXAMPLES = new URL('../../../../examples/', import.meta.url);

/** Every journey folder: `examples/<name>/graph.json` (packs live elsewhere). */
const journeys = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/graph.json`, EXAMPLES)))
  .map((entry) => entry.name);

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}/graph.json`, EXAMPLES), 'utf8'));
}

describe('example journeys', () => {
  it('include the six documented journeys', () => {
    expect(journeys).toEqual(
      expect.arrayContaining([
        'pricing-page-handoff',
        'outbound-sequence',
        'trial-expiring',
        're-engagement',
        'abandoned-cart',
        'post-purchase-onboarding',
      ]),
    );
  });

  describe.each(journeys)('%s', (name) => {
    const document = load(name);

    it('parses as a Graph and validates against the built-ins without problems', () => {
      const graph = Graph.parse(document);
      expect(graph.id).toBe(name);
      expect(validateGraph(document, builtinRegistry).problems).toEqual([]);
    });

    it('gives every node a label, a summary and its own spot on the canvas', () => {
      const graph = Graph.parse(document);
      const spots = new Set(graph.nodes.map((node) => `${node.position.x},${node.position.y}`));
      expect(spots.size).toBe(graph.nodes.length);
      for (const node of graph.nodes) {
        const definition = builtinRegistry.get(node.type, node.version);
        expect(node.label, node.id).toMatch(/\S/);
        expect(definition?.summary?.(definition.configSchema.parse(node.config)), node.id).toMatch(/\S/);
      }
    });
  });
});
