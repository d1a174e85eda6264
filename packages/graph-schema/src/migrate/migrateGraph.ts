import { CURRENT_SCHEMA_VERSION } from '../graph.js';
import type { Problem } from '../problems.js';
import { problem } from '../validate/codes.js';
import { checkLimits } from '../validate/limits.js';
import { GRAPH_MIGRATIONS } from './migrations.js';
import { type Doc, type GraphMigration, isDoc } from './types.js';

export type MigrateResult =
  | {
      ok: true;
      /**
       * The document in the current format (the input itself when already current, else a new
       * object). Not yet validated: pass it to `validateGraph`.
       */
      graph: Doc;
      /** schemaVersion the document had (0 when it had none). */
      from: number;
      /** Names of the migrations applied, in order; empty when it was already current. */
      applied: string[];
    }
  | { ok: false; problem: Problem };

const fail = (code: Parameters<typeof problem>[0], message: string): MigrateResult => ({
  ok: false,
  problem: problem(code, { path: 'schemaVersion' }, message),
});

/**
 * Brings a stored graph document of any older format up to CURRENT_SCHEMA_VERSION by running
 * the named migrations in order. A document without `schemaVersion` is v0 (the first editor's
 * React Flow save). Checks LIMITS first (hostile input is refused before it is copied). Never
 * mutates its input and never throws: limits, unknown or newer versions and failing migrations
 * come back as `{ ok: false, problem }`.
 *
 * @example
 * ```ts
 * const migrated = migrateGraph(JSON.parse(stored));
 * if (!migrated.ok) throw new Error(migrated.problem.message);
 * const { graph, problems } = validateGraph(migrated.graph, registry);
 * ```
 */
export function migrateGraph(
  input: unknown,
  migrations: readonly GraphMigration[] = GRAPH_MIGRATIONS,
): MigrateResult {
  const limit = checkLimits(input);
  if (limit) return { ok: false, problem: limit };
  if (!isDoc(input)) {
    return {
      ok: false,
      problem: problem('migrate.not-object', { path: '(root)' }, 'a graph must be a JSON object'),
    };
  }
  const from = input.schemaVersion === undefined ? 0 : input.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) {
    return fail(
      'migrate.version-invalid',
      `schemaVersion ${JSON.stringify(from)} is not a known format version`,
    );
  }
  if (from > CURRENT_SCHEMA_VERSION) {
    return fail(
      'migrate.version-newer',
      `schemaVersion ${from} is newer than ${CURRENT_SCHEMA_VERSION}: upgrade Crossroads to open it`,
    );
  }
  let doc: Doc = input;
  const applied: string[] = [];
  for (let version = from; version < CURRENT_SCHEMA_VERSION; ) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step || step.to <= version)
      return fail('migrate.no-path', `no migration from schemaVersion ${version}`);
    try {
      doc = step.up(structuredClone(doc));
    } catch (error) {
      return fail(
        'migrate.failed',
        `migration ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    applied.push(step.name);
    version = step.to;
  }
  return { ok: true, graph: doc, from, applied };
}
