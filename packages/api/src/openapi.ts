import { graphJsonSchema } from '@crossroads/graph-schema';
import { z } from 'zod';
import { type Access, PERMISSIONS } from './access.js';
import { GraphBody, GraphDocument } from './graphs.js';
import { ProblemDetails } from './problem.js';
import type { RouteContract } from './route.js';

type JsonSchema = Record<string, unknown>;

// Graph fields point at one shared component instead of repeating the whole graph schema.
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === GraphDocument || ctx.zodSchema === GraphBody) {
        for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
        ctx.jsonSchema.$ref = '#/components/schemas/Graph';
      }
    },
  }) as JsonSchema;
  return json;
}

function accessText(access: Access): string {
  if (access === 'public') return 'No API key needed.';
  if (access === 'any-key') return 'Any API key.';
  if (access === 'instance-admin') return 'Only the instance admin key.';
  return `Roles: ${PERMISSIONS[access].join(', ')} (permission \`${access}\`).`;
}

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, 'input');
  const required = (json.required ?? []) as string[];
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}

function requestBody(route: RouteContract): JsonSchema {
  const content: JsonSchema = {};
  if (route.body) content['application/json'] = { schema: toJsonSchema(route.body, 'input') };
  for (const media of route.upload?.media ?? []) content[media] = { schema: { type: 'string' } };
  return {
    required: true,
    ...(route.upload ? { description: route.upload.description } : {}),
    content,
  };
}

function operation(route: RouteContract): JsonSchema {
  const responses: JsonSchema = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const content: JsonSchema = {};
    if (response.schema) content['application/json'] = { schema: toJsonSchema(response.schema, 'output') };
    for (const media of response.media ?? []) content[media] = {};
    responses[status] = {
      description: response.description,
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  responses.default = {
    description: 'A problem (RFC 9457) naming the field, node or parameter at fault',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  return {
    summary: route.summary,
    description: [route.description, accessText(route.access)].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    'x-access': route.access,
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body || route.upload ? { requestBody: requestBody(route) } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of these routes: parameters, bodies and responses from their zod
 * schemas, who may call each (`x-access`, and in words), errors as RFC 9457 problems.
 */
export function openApiDocument(routes: readonly RouteContract[], version = '0.1.0'): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Crossroads API',
      version,
      description:
        'Versioned journey graphs, named segments, events and contacts. Send an API key as `Authorization: Bearer <key>`. Errors are RFC 9457 problem+json naming the field, node or parameter at fault; text that Postgres cannot store (NUL, lone surrogates) and instants outside the years 0001–9999 are refused with 400.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A Crossroads API key (crk_…)' },
      },
      schemas: {
        Graph: (({ $schema: _dialect, ...schema }) => schema)(graphJsonSchema() as JsonSchema),
        Problem: toJsonSchema(ProblemDetails, 'output'),
      },
    },
  };
}
