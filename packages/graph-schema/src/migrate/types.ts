/** A JSON document as read from storage: unknown until a migration or validation has looked at it. */
export type Doc = Record<string, unknown>;

/**
 * One step of the graph format's history. Migrations are named, ordered and pure: `up` returns a
 * new document in format `to` and never mutates its input.
 */
export interface GraphMigration {
  from: number;
  to: number;
  /** Stable name reported in `applied`, e.g. 'v0-react-flow-to-v1'. */
  name: string;
  up(doc: Doc): Doc;
}

export const isDoc = (value: unknown): value is Doc =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
