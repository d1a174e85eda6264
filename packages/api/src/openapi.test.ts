import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { ROUTES } from './routes.js';

describe('openApiDocument', () => {
  const doc = openApiDocument(ROUTES) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, unknown> };
  };

  it('lists every route with who may call it, its parameters and its answers', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(operations).toHaveLength(ROUTES.length);
    for (const op of operations) {
      expect(op['x-access']).toEqual(expect.any(String));
      expect(Object.keys(op.responses as object)).toContain('default');
    }
    const get = doc.paths['/v1/workflows/{id}/versions/{version}']!.get!;
    expect(get.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
      expect.objectContaining({ name: 'version', in: 'path', required: true }),
    ]);
    expect(get.description).toMatch(/Roles: admin, editor, publisher, auditor/);
  });

  it('points graph fields at one Graph component', () => {
    const create = doc.paths['/v1/workflows']!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown> } }>;
    };
    expect(create.content['application/json']!.schema.properties.graph).toEqual({
      $ref: '#/components/schemas/Graph',
    });
    expect(doc.components.schemas.Graph).toMatchObject({ type: 'object' });
  });
});
