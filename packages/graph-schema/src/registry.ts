import type { z } from 'zod';

/** One output of a node: an edge may leave it through `sourceHandle === id`. */
export interface OutputSpec {
  id: string;
  label: string;
  /** A required output must be connected before the graph can be published. */
  required?: boolean;
}

/** Where a JSONLogic rule sits inside a node's config, so validation can check it. */
export interface LogicField {
  /** Path below `config`, e.g. `['branches', 0, 'rule']`. */
  path: Array<string | number>;
  rule: unknown;
  /** Data roots the rule may read, e.g. ['contact', 'event']; defaults to all known roots. */
  roots?: readonly string[];
}

/**
 * Upgrades a config written for an older version of a node type to the version that declares
 * the migration. `migrateNodeConfigs` chains them: v1 → v2 (declared on v2) → v3 (declared on v3).
 */
export interface NodeConfigMigration {
  /** The older version whose config this migration reads. */
  from: number;
  /** Stable, human-readable name, reported in `applied`, e.g. 'days-to-duration'. */
  name: string;
  up(config: Record<string, unknown>): Record<string, unknown>;
}

/**
 * What graph validation needs to know about a node type. `@crossroads/nodes` registries
 * provide this; graph-schema does not depend on the SDK.
 */
export interface NodeTypeInfo {
  type: string;
  version: number;
  /** trigger: starts journeys (exactly one per graph); wait: may close a cycle. */
  kind: 'trigger' | 'gate' | 'wait' | 'action';
  configSchema: z.ZodType;
  /** Outputs for a given (parsed) config: gate branches depend on config. */
  outputsFor(config: unknown): OutputSpec[];
  /** JSONLogic rules inside a (parsed) config. */
  logicFields?(config: unknown): LogicField[];
  /** Migrations from older versions into this one (see NodeConfigMigration). */
  migrations?: readonly NodeConfigMigration[];
}

export interface NodeRegistry {
  /** The node type at that version, or undefined when unknown. */
  get(type: string, version: number): NodeTypeInfo | undefined;
  /** Versions known for a type (empty when the type is unknown), for helpful messages. */
  versionsOf(type: string): number[];
}
