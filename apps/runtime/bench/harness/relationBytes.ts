// Where a table's bytes go: its heap, its TOAST (with the TOAST index) and each index apart, so a
// change to the cost of growth (issue 19) can say which part it cut.
import type { Sql } from '../../src/db/connect.js';

/** Bytes of every table's heap, TOAST and indexes outside the system schemas, keyed `table` / `table.index` / `table (toast)`. */
export async function relationBytes(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql<{ name: string; bytes: string }[]>`
    select c.relname as name, pg_relation_size(c.oid)::text as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname = 'public'
    union all
    select c.relname || ' (toast)', (pg_total_relation_size(c.reltoastrelid))::text
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname = 'public' and c.reltoastrelid <> 0
    union all
    select t.relname || '.' || i.relname, pg_relation_size(i.oid)::text
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public'`;
  // A partitioned table's rows live in its partitions: count them under the parent's names.
  const parts = await sql<{ part: string; parent: string }[]>`
    select c.relname as part, p.relname as parent
    from pg_inherits h join pg_class c on c.oid = h.inhrelid join pg_class p on p.oid = h.inhparent
    join pg_namespace n on n.oid = p.relnamespace where n.nspname = 'public'`;
  const parentOf = new Map(parts.map((p) => [p.part, p.parent]));
  const out = new Map<string, number>();
  for (const row of rows) {
    const [table, ...rest] = row.name.split(/(?=[. ])/);
    const name = (parentOf.get(table!) ?? table) + rest.join('');
    out.set(name, (out.get(name) ?? 0) + Number(row.bytes));
  }
  return out;
}

/** Bytes per contact of each relation that grew, by table, largest table first. */
export function relationBytesPerContact(
  before: Map<string, number>,
  after: Map<string, number>,
  count: number,
) {
  const tables = new Map<string, Array<{ part: string; bytes: number }>>();
  for (const [name, bytes] of after) {
    const grown = (bytes - (before.get(name) ?? 0)) / count;
    if (grown <= 0) continue;
    const table = name.split(/[. ]/)[0]!;
    const part = name === table ? 'heap' : name.slice(table.length).replace(/^[. ]/, '');
    tables.set(table, [...(tables.get(table) ?? []), { part, bytes: grown }]);
  }
  return [...tables]
    .map(([table, parts]) => ({
      table,
      bytes: parts.reduce((sum, p) => sum + p.bytes, 0),
      parts: parts.sort((a, b) => b.bytes - a.bytes),
    }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** One line per table: `effects 2,324: heap 900, effects_pkey 180, …`. */
export function relationBytesLines(rows: ReturnType<typeof relationBytesPerContact>): string[] {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  return rows.map(
    (t) => `${t.table} ${f(t.bytes)}: ${t.parts.map((p) => `${p.part} ${f(p.bytes)}`).join(', ')}`,
  );
}

/** Row versions written per table since the server started: inserts, updates (HOT among them), rows live and dead now. */
export async function rowChurn(sql: Sql, tables: readonly string[]): Promise<string[]> {
  const rows = await sql<
    { name: string; ins: number; upd: number; hot: number; live: number; dead: number }[]
  >`
    select relname as name, n_tup_ins::int as ins, n_tup_upd::int as upd, n_tup_hot_upd::int as hot,
           n_live_tup::int as live, n_dead_tup::int as dead
    from pg_stat_user_tables where relname = any(${tables as string[]}) order by relname`;
  return rows.map(
    (r) => `${r.name}: ${r.ins} inserted, ${r.upd} updated (${r.hot} HOT), ${r.live} live, ${r.dead} dead`,
  );
}
