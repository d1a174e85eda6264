import type { Graph, OutputSpec, Problem } from '@crossroads/graph-schema';

/** The subset of JSON Schema (draft 2020-12) the editor reads to build forms. */
export interface JsonSchema {
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
}

/** `GET /v1/node-types` item. */
export interface ApiNodeType {
  type: string;
  version: number;
  title: string;
  description: string;
  category: string;
  icon: string;
  color: string;
  kind: 'trigger' | 'gate' | 'wait' | 'action';
  /** Static outputs, or null when they depend on config. */
  outputs: OutputSpec[] | null;
  defaults: Record<string, unknown>;
  /** Outputs of a freshly dropped node (config = defaults), when `outputs` depends on config. */
  outputsForDefaults?: OutputSpec[];
  configSchema: JsonSchema;
  pack: { name: string; version: string };
}

/** A pack the runtime refused to load (`packErrors` of `GET /v1/node-types`). */
export interface PackError {
  spec: string;
  message: string;
}

export type WorkflowStatus = 'draft' | 'active' | 'paused';

export interface WorkflowSummary {
  id: string;
  name: string;
  status: WorkflowStatus;
  activeVersion: number | null;
  latestVersion: number | null;
  updatedAt: string;
  draftRevision: number;
}

export interface WorkflowDetail extends WorkflowSummary {
  draft: Graph;
}

export interface VersionSummary {
  version: number;
  hash: string;
  publishedBy: string;
  publishedAt: string;
  message: string;
}

export interface VersionDetail extends VersionSummary {
  graph: Graph;
}

export interface Segment {
  id: string;
  name: string;
  rule: unknown;
  description?: string;
}

export type Role = 'admin' | 'editor' | 'publisher' | 'auditor' | 'ingest';

export interface Me {
  workspaceId: string;
  role: Role;
  keyName: string;
}

/** RFC 9457 problem details as the runtime sends them. */
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  problems?: Problem[];
}
