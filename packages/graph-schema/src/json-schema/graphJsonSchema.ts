import { z } from 'zod';
import { Graph } from '../graph.js';

let cached: Record<string, unknown> | undefined;

/**
 * JSON Schema (draft 2020-12) of a graph document as a person may write it: generated from the
 * zod `Graph` schema in input mode, so fields with defaults (e.g. `settings.reentry`) are
 * optional. For Monaco's JSON language service and outside tools; node configs are open objects
 * here, since their schemas live in the node registry. A fresh copy on every call.
 *
 * @example
 * ```ts
 * monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
 *   validate: true,
 *   schemas: [{ uri: 'crossroads://graph.schema.json', fileMatch: ['*'], schema: graphJsonSchema() }],
 * });
 * ```
 */
export function graphJsonSchema(): Record<string, unknown> {
  if (!cached) {
    const { $schema, ...schema } = z.toJSONSchema(Graph, { target: 'draft-2020-12', io: 'input' });
    cached = {
      $schema,
      title: 'Crossroads journey graph',
      description: 'A Crossroads journey: nodes, the edges between their outputs, and settings.',
      ...schema,
    };
  }
  return structuredClone(cached);
}
