import { graphJsonSchema } from '@crossroads/graph-schema';
import { z } from 'zod';
import { PERMISSIONS } from '../../access/permissions.js';
import { GraphDocument } from '../routes/schemas.js';
import type { RouteDoc } from './routeDoc.js';

/** A route as Hono registered it (`app.routes`). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

type JsonSchema = Record<string, unknown>;

// The graph field points at one shared component instead of repeating the whole graph schema.
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === GraphDocument) {
        for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
        ctx.jsonSchema.$ref = '#/components/schemas/Graph';
      }
    },
  }) as JsonSchema;
}

function withoutDialect({ $schema: _dialect, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function accessText(access: RouteDoc['access']): string {
  if (access === 'public') return 'No API key needed.';
  if (access === 'any-key') return 'Any API key.';
  if (access === 'instance-admin') return 'Only the instance admin key.';
  return `Roles: ${PERMISSIONS[access].join(', ')} (permission \`${access}\`).`;
}

function operation(doc: RouteDoc): JsonSchema {
  const pathParams = [...doc.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = doc.query
    ? Object.entries((toJsonSchema(doc.query, 'input').properties ?? {}) as Record<string, JsonSchema>).map(
        ([name, schema]) => ({
          name,
          in: 'query',
          required: ((toJsonSchema(doc.query!, 'input').required ?? []) as string[]).includes(name),
          schema,
        }),
      )
    : [];
  const responses: JsonSchema = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: {
                schema: withoutDialect(toJsonSchema(response.schema, 'output')),
              },
            },
          }
        : {}),
    };
  }
  responses.default = {
    description: 'A problem (RFC 9457) naming the field, node or parameter at fault',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  return {
    summary: doc.summary,
    description: [doc.description, accessText(doc.access)].filter(Boolean).join('\n\n'),
    tags: [doc.tag],
    'x-access': doc.access,
    ...(doc.access === 'public' ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParams],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: withoutDialect(toJsonSchema(doc.body, 'input')) } },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document for every route the app registered. Documented routes (RouteDoc lists)
 * get their schemas; a registered route nobody documented still appears, marked undocumented, so
 * the document never hides a route.
 */
export function buildOpenApi(registered: RegisteredRoute[], docs: RouteDoc[], version = '0.1.0'): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const add = (method: string, path: string, op: JsonSchema) => {
    paths[openApiPath(path)] ??= {};
    paths[openApiPath(path)]![method] = op;
  };
  for (const doc of docs) add(doc.method, doc.path, operation(doc));
  for (const route of registered) {
    const method = route.method.toLowerCase();
    if (method === 'all' || route.path.includes('*')) continue;
    if (paths[openApiPath(route.path)]?.[method]) continue;
    add(method, route.path, {
      summary: `${route.method} ${route.path}`,
      description: 'Not documented yet.',
      tags: [route.path.startsWith('/v1/') ? 'Undocumented' : 'System'],
      responses: { default: { description: 'See the route file' } },
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Crossroads API',
      version,
      description:
        'Versioned journey graphs, named segments, events and contacts. Send an API key as `Authorization: Bearer <key>`. Errors are RFC 9457 problem+json naming the field, node or parameter at fault.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A Crossroads API key (crk_…)' },
      },
      schemas: {
        Graph: withoutDialect(graphJsonSchema()),
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            problems: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: {
                  code: { type: 'string' },
                  severity: { enum: ['error', 'warning'] },
                  path: { type: 'string' },
                  nodeId: { type: 'string' },
                  edgeId: { type: 'string' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
}
