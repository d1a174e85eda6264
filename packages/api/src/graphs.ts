import type { Graph } from '@crossroads/graph-schema';
import { z } from 'zod';
import type { ProblemItem } from './problem.js';

/**
 * A graph document in a request body. Only presence is checked here: the runtime migrates and
 * validates it (problems with node-level paths). /openapi.json points it at the Graph schema.
 */
export const GraphDocument = z
  .unknown()
  .refine((value) => value !== undefined, 'graph is required')
  .meta({ description: 'A journey graph (see GET /v1/graph-schema)' });

/** A stored graph in a response (a draft, a published version). */
export const GraphBody = z.custom<Graph>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a graph object',
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why a document cannot be a graph of any format version (every format, v0 included, has `nodes`
 * and `edges` arrays), or null. Without this, `{"nodes": "x"}` would be read as an empty v0 save.
 */
export function notAGraph(value: unknown, field = 'graph'): ProblemItem | null {
  const code = 'structure.invalid';
  if (!isRecord(value)) return { code, severity: 'error', path: field, message: 'must be a JSON object' };
  for (const key of ['nodes', 'edges'] as const) {
    if (!Array.isArray(value[key])) {
      return {
        code,
        severity: 'error',
        path: `${field}.${key}`,
        message: value[key] === undefined ? 'is required (an array)' : 'must be an array',
      };
    }
  }
  return null;
}
