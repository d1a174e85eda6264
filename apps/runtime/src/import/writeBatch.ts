import type { Registry } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { segmentTriggers } from '../ingest/upsertContact.js';
import { queueExitRuleChanges, watchedByExitRules } from './exitRuleChanges.js';
import { type ContactWrite, resolveKeys } from './resolveKeys.js';
import { type ContactRow, isRejection, type Rejection, type RowOutcome } from './rows.js';
import { type ChangedContact, queueSegmentEntries } from './segmentEntries.js';
import { type Counts, type ImportRow, noCounts } from './store.js';

/** The import moved on without this writer (another run of its job, or it was ended). */
export class LostImport extends Error {}

export interface Batch {
  rows: RowOutcome[];
  /** Records of the file committed before this batch (the import's `records_done`). */
  from: number;
  /** Bytes of the file read up to the batch's last record. */
  bytes: number;
}

/**
 * The batch before this one while both are written at once (runImport overlaps two): the ids it
 * writes, once resolved, and its commit (rejected if it failed). A batch waits for that commit
 * before writing when they share a contact (so the later row of the file wins, as one writer
 * would do) and always before its own progress update (so batches commit in file order).
 */
export interface Previous {
  ids: Promise<ReadonlySet<string>>;
  committed: Promise<unknown>;
}

export interface Order {
  previous?: Previous;
  /** Told the ids this batch writes, before it writes them (the next batch's `previous.ids`). */
  resolved?: (ids: ReadonlySet<string>) => void;
}

type Attributes = Record<string, unknown>;
interface Written {
  id: string;
  created: boolean;
  attributes?: Attributes;
}

/**
 * Writes one batch of an import in one transaction: the contacts (by the import's mode), the
 * rejected rows, the segment.entered jobs of contacts that entered a segment, the exit-rule jobs
 * of contacts in journeys that end on an attribute change or a segment left, and the progress
 * (records done, counts). A contact whose stored attributes already hold the row's values is
 * not touched (its `updated_at` stays), so importing the same file again changes nothing.
 * `LostImport` when the import's progress is no longer `from` (nothing is written then). With
 * `order.previous`, written while the batch before is in flight (see `Previous`).
 */
export async function writeBatch(
  sql: Sql,
  registry: Registry,
  row: Pick<ImportRow, 'id' | 'workspaceId' | 'key' | 'mode'>,
  batch: Batch,
  order: Order = {},
): Promise<Counts> {
  return sql.begin(async (tx) => {
    const counts = { ...noCounts(), rowsRead: batch.rows.length };
    const rejections = batch.rows.filter(isRejection);
    const good = batch.rows.filter((r): r is ContactRow => !isRejection(r));
    const resolved = await resolveKeys(tx, row.workspaceId, row.key, good);
    rejections.push(...resolved.rejections);
    counts.rejected = rejections.length;
    const writes = resolved.writes;
    order.resolved?.(new Set(writes.map((w) => w.id)));
    if (order.previous) await afterShared(order.previous, writes);
    if (writes.length > 0) {
      const segments = await segmentTriggers(tx, registry, row.workspaceId);
      const watched = await watchedByExitRules(
        tx,
        registry,
        row.workspaceId,
        writes.map((w) => w.id),
      );
      const compare = segments.length > 0 || watched.size > 0;
      const needBefore = compare || row.mode === 'only-existing';
      if (!needBefore && writes.every((w) => w.rows === 1)) {
        // Nothing needs the rows back (no segment, no exit rule, not only-existing, no rows
        // merged into one contact): counted in SQL.
        const written = await writeCounted(tx, row, writes);
        counts.created += written.created;
        counts.updated += written.updated;
        const rest = writes.length - written.created - written.updated;
        counts[row.mode === 'only-new' ? 'skipped' : 'unchanged'] += rest;
        return finish(tx, row, batch, order, rejections, counts);
      }
      const before = needBefore ? await lockedAttributes(tx, row.workspaceId, writes) : undefined;
      const written = await write(tx, row, writes, before, compare);
      const byId = new Map(written.map((w) => [w.id, w]));
      for (const w of writes) {
        const done = byId.get(w.id);
        if (done) counts[done.created ? 'created' : 'updated'] += w.rows;
        else if (row.mode === 'only-new' || (row.mode === 'only-existing' && !before?.has(w.id)))
          counts.skipped += w.rows;
        else counts.unchanged += w.rows;
      }
      const changed: ChangedContact[] = written.map((w) => ({
        id: w.id,
        before: before?.get(w.id),
        after: w.attributes ?? {},
      }));
      counts.segmentEntries = await queueSegmentEntries(tx, row.workspaceId, row.id, segments, changed);
      const watchedChanges = changed.filter((c) => watched.has(c.id));
      await queueExitRuleChanges(tx, row.workspaceId, row.id, segments, watchedChanges);
    }
    return finish(tx, row, batch, order, rejections, counts);
  });
}

/** The batch's rejections and progress, after the batch before it has committed (file order). */
async function finish(
  tx: TransactionSql,
  row: Pick<ImportRow, 'id'>,
  batch: Batch,
  order: Order,
  rejections: readonly Rejection[],
  counts: Counts,
): Promise<Counts> {
  await recordRejections(tx, row.id, rejections);
  // In file order: `records_done` only ever counts a prefix of the file (what a resume skips).
  await order.previous?.committed;
  const moved = await tx`
    update contact_imports set
      records_done = records_done + ${batch.rows.length}, bytes_read = ${batch.bytes},
      rows_read = rows_read + ${counts.rowsRead}, created = created + ${counts.created},
      updated = updated + ${counts.updated}, unchanged = unchanged + ${counts.unchanged},
      skipped = skipped + ${counts.skipped}, rejected = rejected + ${counts.rejected},
      segment_entries = segment_entries + ${counts.segmentEntries}
    where id = ${row.id} and records_done = ${batch.from} and state = 'running'
    returning id`;
  if (moved.length === 0) throw new LostImport(`import ${row.id} moved on without this batch`);
  return counts;
}

async function afterShared(previous: Previous, writes: readonly ContactWrite[]): Promise<void> {
  const ids = await Promise.race([previous.ids, previous.committed.then(() => undefined)]);
  if (ids && writes.some((w) => ids.has(w.id))) await previous.committed;
}

async function lockedAttributes(tx: TransactionSql, workspaceId: string, writes: readonly ContactWrite[]) {
  const rows = await tx<{ id: string; attributes: Attributes }[]>`
    select id, attributes from contacts
    where workspace_id = ${workspaceId} and id = any(${writes.map((w) => w.id)}::text[])
    order by id for update`;
  return new Map(rows.map((r) => [r.id, r.attributes]));
}

/** The contacts created or changed (attributes returned when segments need them). */
async function write(
  tx: TransactionSql,
  row: Pick<ImportRow, 'workspaceId' | 'mode'>,
  writes: readonly ContactWrite[],
  before: Map<string, Attributes> | undefined,
  returnAttributes: boolean,
): Promise<Written[]> {
  const targets = row.mode === 'only-existing' ? writes.filter((w) => before?.has(w.id)) : writes;
  if (targets.length === 0) return [];
  // One jsonb document (postgres.js sends a string[] cast to jsonb[] as jsonb strings).
  const records = tx.json(targets.map((w) => ({ id: w.id, attributes: w.attributes })) as never);
  const returned = returnAttributes ? tx`, c.attributes` : tx``;
  if (row.mode === 'only-existing') {
    return tx<Written[]>`
      update contacts c set attributes = c.attributes || x.attributes, updated_at = now()
      from jsonb_to_recordset(${records}) as x(id text, attributes jsonb)
      where c.workspace_id = ${row.workspaceId} and c.id = x.id
        and (c.attributes || x.attributes) is distinct from c.attributes
      returning c.id, false as created ${returned}`;
  }
  return tx<Written[]>`${upsert(tx, row, records)} returning c.id, (c.xmax = 0) as created ${returned}`;
}

/** The insert of upsert and only-new (a fragment, without its `returning`), of a jsonb document of writes. */
function upsert(tx: TransactionSql, row: Pick<ImportRow, 'workspaceId' | 'mode'>, records: unknown) {
  const onConflict =
    row.mode === 'only-new'
      ? tx`do nothing`
      : tx`do update set attributes = c.attributes || excluded.attributes, updated_at = now()
           where (c.attributes || excluded.attributes) is distinct from c.attributes`;
  return tx`
    insert into contacts as c (workspace_id, id, attributes)
    select ${row.workspaceId}, x.id, x.attributes
    from jsonb_to_recordset(${records as never}) as x(id text, attributes jsonb)
    on conflict (workspace_id, id) ${onConflict}`;
}

/**
 * Upsert or only-new without reading anything back, each write standing for one row of the file:
 * the contacts created and updated counted in SQL instead of returning a row per contact.
 */
async function writeCounted(
  tx: TransactionSql,
  row: Pick<ImportRow, 'workspaceId' | 'mode'>,
  writes: readonly ContactWrite[],
): Promise<{ created: number; updated: number }> {
  const records = tx.json(writes.map((w) => ({ id: w.id, attributes: w.attributes })) as never);
  const [sums] = await tx<{ created: number; updated: number }[]>`
    with w as (${upsert(tx, row, records)} returning (c.xmax = 0) as created)
    select (count(*) filter (where created))::int as created, (count(*) filter (where not created))::int as updated
    from w`;
  return sums ?? { created: 0, updated: 0 };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what Postgres cannot store
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Text as Postgres can store it: a rejected row may hold NULs or broken UTF-16 (that is often why). */
const storable = (text: string) => text.replace(UNSTORABLE, '\uFFFD');

async function recordRejections(tx: TransactionSql, importId: string, rejections: readonly Rejection[]) {
  if (rejections.length === 0) return;
  const rows = rejections.map((r) => ({
    line: r.line,
    column_name: r.column === null ? null : storable(r.column),
    reason: storable(r.reason),
    row_values: Array.isArray(r.values)
      ? r.values.map((v) => storable(String(v)))
      : storable(String(r.values)),
  }));
  await tx`
    insert into contact_import_rejections (import_id, line, column_name, reason, row_values)
    select ${importId}, x.line, x.column_name, x.reason, x.row_values
    from jsonb_to_recordset(${tx.json(rows as never)})
      as x(line bigint, column_name text, reason text, row_values jsonb)
    on conflict do nothing`;
}
