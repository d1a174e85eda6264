import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphJsonSchema } from './graphJsonSchema.js';

const checkedIn = () =>
  JSON.parse(readFileSync(new URL('../../graph.schema.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('graphJsonSchema', () => {
  it('matches the checked-in graph.schema.json (run `pnpm --filter @crossroads/graph-schema generate`)', () => {
    expect(checkedIn()).toEqual(graphJsonSchema());
  });

  it('describes the graph for editors: required fields, limits, descriptions', () => {
    const schema = graphJsonSchema() as {
      required: string[];
      properties: {
        nodes: { maxItems: number; items: { properties: { position: { description: string } } } };
      };
    };
    expect(schema.required).toEqual(['schemaVersion', 'id', 'name', 'nodes', 'edges', 'settings']);
    expect(schema.properties.nodes.maxItems).toBe(2000);
    expect(schema.properties.nodes.items.properties.position.description).toContain('layout only');
  });

  it('hands out copies, so a caller cannot corrupt the next one', () => {
    (graphJsonSchema() as { title: string }).title = 'changed';
    expect(graphJsonSchema().title).toBe('Crossroads journey graph');
  });
});
