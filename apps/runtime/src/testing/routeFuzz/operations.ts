/** What the route fuzz reads of /openapi.json and what it sends and records. */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes are read field by field
export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** OpenAPI form: `/v1/workflows/{id}`. */
  path: string;
  access: string;
  parameters: Parameter[];
  body?: Schema;
}

/** Every operation of an OpenAPI document. */
export function operationsOf(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      out.push({
        method: method.toUpperCase(),
        path,
        access: op['x-access'],
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends one request to the app under test; throws when the app (or its contract check) throws. */
export type Send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) => Promise<Answer>;

/** What the fuzz addresses: API keys by caller (null: no key), ids of real objects, a valid graph. */
export interface FuzzWorld {
  callers: Record<string, string | null>;
  /** By the path segment before a parameter (`workflows`, `contacts`, …) or the parameter's name. */
  ids: Record<string, string>;
  graph: unknown;
  doc: Schema;
}

export interface FuzzSize {
  /** Random requests (operation, caller, every parameter and the body drawn at random). */
  runs: number;
  /** Hostile values tried in turn on each parameter and top-level body field (0: none). */
  probes: number;
  seed: number;
}

export interface FuzzReport {
  requests: number;
  statuses: Map<number, number>;
  failures: string[];
}
