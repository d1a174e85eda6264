import { z } from 'zod';
import { defineRoute } from './route.js';

/** The subset of JSON Schema (draft 2020-12) the editor reads to build forms. */
export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
  /** Editor hints (set by node authors through zod `.meta()`): 'jsonlogic', 'liquid', 'html', 'duration', 'segment'. */
  'x-editor'?: string;
  [key: string]: unknown;
};
export const JsonSchema = z.custom<JsonSchema>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a JSON Schema object',
);

export const OutputSpec = z.object({
  id: z.string(),
  label: z.string(),
  required: z.boolean().optional().describe('Must be connected before the graph can be published'),
});
export type OutputSpec = z.infer<typeof OutputSpec>;

/** What the editor needs to draw, configure and connect a node type (`GET /v1/node-types` item). */
export const ApiNodeType = z.object({
  type: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  icon: z.string(),
  color: z.string(),
  kind: z.enum(['trigger', 'gate', 'wait', 'action']),
  outputs: z.array(OutputSpec).nullable().describe('Static outputs, or null when they depend on config'),
  outputsForDefaults: z
    .array(OutputSpec)
    .optional()
    .describe('Outputs of a freshly dropped node (config = defaults); the runtime always sends them'),
  defaults: z.record(z.string(), z.unknown()),
  configSchema: JsonSchema.describe('JSON Schema (draft 2020-12) of the config as written'),
  pack: z.object({
    name: z.string(),
    version: z.string(),
    author: z
      .string()
      .nullable()
      .describe("The pack's author (package.json `author`); null when it names none"),
  }),
  hosts: z
    .array(z.string())
    .describe('Hosts the node may reach over HTTP (declared capabilities; `*.example.com` for subdomains)'),
});
export type ApiNodeType = z.infer<typeof ApiNodeType>;

/** A pack the runtime refused to load, with the reason. */
export const PackError = z.object({ spec: z.string(), message: z.string() });
export type PackError = z.infer<typeof PackError>;

export const NodeTypes = z.object({ items: z.array(ApiNodeType), packErrors: z.array(PackError) });
export type NodeTypes = z.infer<typeof NodeTypes>;

const tag = 'Node types';

export const listNodeTypes = defineRoute({
  method: 'get',
  path: '/v1/node-types',
  tag,
  summary: 'Every node type in the registry (built-ins and packs) with its config JSON Schema',
  access: 'workflow:read',
  responses: { 200: { description: 'Node types, and the packs that failed to load', schema: NodeTypes } },
});

export const graphSchema = defineRoute({
  method: 'get',
  path: '/v1/graph-schema',
  tag,
  summary: 'JSON Schema of a journey graph',
  access: 'workflow:read',
  responses: { 200: { description: 'JSON Schema (draft 2020-12)', schema: JsonSchema } },
});

export const nodeTypeRoutes = [listNodeTypes, graphSchema] as const;
