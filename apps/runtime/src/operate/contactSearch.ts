import type { ContactJourney, ContactMatch } from '@crossroads/api';
import type { LogicRule } from '@crossroads/graph-schema';
import { ruleMatchesEvent } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';

export type JourneyState =
  | 'in-journey'
  | 'any'
  | 'active'
  | 'waiting'
  | 'completed'
  | 'converted'
  | 'exited'
  | 'failed';

export interface ContactSearch {
  /** An exact contact id, or the start of an email address (case-insensitive). */
  q?: string | undefined;
  /** Rules every contact on the page must match (a named segment's, the caller's filter). */
  rules?: LogicRule[];
  workflowId?: string | undefined;
  nodeId?: string | undefined;
  version?: number | undefined;
  state?: JourneyState | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A cursor this search did not hand out: the route answers 400 naming `cursor`. */
export class BadCursor extends Error {}

/** Rules are checked in JavaScript, so a page looks at this many contacts at most. */
export const SCAN_BUDGET = 5_000;
const BATCH = 500;

/** Search modes, each with its own order and index (migration 105). */
type Order = 'email' | 'journey' | 'id';

interface Row {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  journey: (Omit<ContactJourney, 'since' | 'startedAt'> & { startedAt: Date; since: Date }) | null;
  /** The sort key, for the cursor. */
  key: string[];
}

const encodeCursor = (order: Order, key: string[]) =>
  Buffer.from(JSON.stringify({ o: order, k: key })).toString('base64url');

function decodeCursor(cursor: string, order: Order): string[] {
  try {
    const { o, k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      o: unknown;
      k: unknown;
    };
    const size = order === 'id' ? 1 : 2;
    if (o === order && Array.isArray(k) && k.length === size && k.every((v) => typeof v === 'string')) {
      if (order !== 'journey' || /^\d{1,18}$/.test(k[1] as string)) return k as string[];
    }
  } catch {}
  throw new BadCursor('not a cursor this search gave (search again from the first page)');
}

/**
 * One page of a workspace's contacts: by exact id or email prefix (in email order, the exact id
 * first), by where a journey holds them (in contact order), or all (in id order), each from its
 * own index. Rules (segment, filter) are checked in JavaScript on up to SCAN_BUDGET contacts per
 * page, so such a page may hold fewer than `limit` with `next` still set.
 *
 * @example
 * await searchContacts(sql, workspaceId, { q: 'ana@', limit: 20 });
 * // { items: [{ id: 'c-17', attributes: { email: 'ana@acme.io' }, journey: null, … }], next: null, scanned: 1 }
 */
export async function searchContacts(sql: Sql, workspaceId: string, search: ContactSearch) {
  const order: Order = search.q ? 'email' : search.workflowId ? 'journey' : 'id';
  let after = search.cursor ? decodeCursor(search.cursor, order) : null;
  const rules = search.rules ?? [];
  const now = new Date().toISOString();
  // A rule that fails on a contact's data (a json-logic quirk, the work limit) does not match it.
  const matches = (row: Row) =>
    rules.every(
      (rule) =>
        ruleMatchesEvent(rule, { contact: { ...row.attributes, id: row.id }, now, engagement: {} }).matched,
    );

  const items: Row[] = [];
  let scanned = 0;
  let next: string | null = null;
  if (order === 'email' && !after && search.q) {
    const [exact] = await fetchRows(sql, workspaceId, search, 'exact', null, 1);
    if (exact && !exact.key[0]?.startsWith(search.q.toLowerCase())) {
      scanned++;
      if (matches(exact)) items.push(exact);
    }
  }
  while (items.length < search.limit) {
    const want = rules.length > 0 ? Math.min(BATCH, SCAN_BUDGET - scanned) : search.limit - items.length;
    if (want <= 0) break;
    const rows = await fetchRows(sql, workspaceId, search, order, after, want + 1);
    const page = rows.slice(0, want);
    let consumed = 0;
    for (const row of page) {
      consumed++;
      scanned++;
      if (matches(row)) items.push(row);
      if (items.length === search.limit) break;
    }
    const last = page[consumed - 1];
    if (!last || (consumed === page.length && rows.length <= want)) {
      next = null;
      break;
    }
    after = last.key;
    next = encodeCursor(order, after);
  }
  return { items: items.map(toMatch), next, scanned };
}

function toMatch({ key: _key, ...row }: Row): ContactMatch {
  const journey = row.journey && {
    ...row.journey,
    startedAt: row.journey.startedAt.toISOString(),
    since: row.journey.since.toISOString(),
  };
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), journey };
}

const EMAIL_KEY = `(coalesce(lower(c.attributes ->> 'email'), '') collate "C")`;

async function fetchRows(
  sql: Sql,
  workspaceId: string,
  search: ContactSearch,
  order: Order | 'exact',
  after: string[] | null,
  limit: number,
): Promise<Row[]> {
  const wf = search.workflowId;
  const state = search.state ?? 'in-journey';
  const stateCondition =
    state === 'in-journey'
      ? sql`and e.ended_at is null`
      : state === 'any'
        ? sql``
        : sql`and e.state = ${state}`;
  const nodeCondition = search.nodeId ? sql`and e.node_id = ${search.nodeId}` : sql``;
  const versionCondition = search.version ? sql`and e.version = ${search.version}` : sql``;
  const journeyColumns = wf
    ? sql`, e.id::text as enrollment_id, e.workflow_id, e.version, e.node_id, e.state, e.started_at,
          coalesce((select max(s.at) from journey_steps s where s.enrollment_id = e.id), e.started_at) as since`
    : sql``;
  // With a journey, contacts found by id or email join their newest enrollment that fits.
  const journeyJoin = wf
    ? sql`join lateral (
        select e.* from enrollments e
        where e.workspace_id = c.workspace_id and e.contact_id = c.id and e.workflow_id = ${wf}
          ${nodeCondition} ${versionCondition} ${stateCondition}
        order by e.id desc limit 1) e on true`
    : sql``;
  const q = search.q ?? '';
  let rows: Array<Record<string, unknown>>;
  if (order === 'exact') {
    rows = await sql`
      select c.id, c.attributes, c.created_at, c.updated_at, ${sql.unsafe(EMAIL_KEY)} as k0, c.id as k1 ${journeyColumns}
      from contacts c ${journeyJoin}
      where c.workspace_id = ${workspaceId} and c.id = ${q}`;
  } else if (order === 'email') {
    const from = after
      ? sql`and (${sql.unsafe(EMAIL_KEY)}, c.id collate "C") > (${after[0]!} collate "C", ${after[1]!} collate "C")`
      : sql``;
    rows = await sql`
      select c.id, c.attributes, c.created_at, c.updated_at, ${sql.unsafe(EMAIL_KEY)} as k0, c.id as k1 ${journeyColumns}
      from contacts c ${journeyJoin}
      where c.workspace_id = ${workspaceId}
        and ${sql.unsafe(EMAIL_KEY)} >= (lower(${q}) collate "C")
        and ${sql.unsafe(EMAIL_KEY)} < ((lower(${q}) || chr(1114111)) collate "C")
        ${from}
      order by ${sql.unsafe(EMAIL_KEY)}, c.id collate "C"
      limit ${limit}`;
  } else if (order === 'journey') {
    const from = after ? sql`and (e.contact_id, e.id) > (${after[0]!}, ${after[1]!}::bigint)` : sql``;
    rows = await sql`
      select c.id, c.attributes, c.created_at, c.updated_at, e.contact_id as k0, e.id::text as k1 ${journeyColumns}
      from enrollments e
      join contacts c on c.workspace_id = e.workspace_id and c.id = e.contact_id
      where e.workflow_id = ${wf!} and e.workspace_id = ${workspaceId}
        ${nodeCondition} ${versionCondition} ${stateCondition} ${from}
      order by e.contact_id, e.id
      limit ${limit}`;
  } else {
    const from = after ? sql`and c.id > ${after[0]!}` : sql``;
    rows = await sql`
      select c.id, c.attributes, c.created_at, c.updated_at, c.id as k0
      from contacts c
      where c.workspace_id = ${workspaceId} ${from}
      order by c.id
      limit ${limit}`;
  }
  return rows.map((r) => ({
    id: r.id as string,
    attributes: r.attributes as Record<string, unknown>,
    createdAt: r.createdAt as Date,
    updatedAt: r.updatedAt as Date,
    journey: wf
      ? {
          enrollmentId: r.enrollmentId as string,
          workflowId: r.workflowId as string,
          version: r.version as number,
          nodeId: r.nodeId as string,
          state: r.state as string,
          startedAt: r.startedAt as Date,
          since: r.since as Date,
        }
      : null,
    key: order === 'id' ? [r.k0 as string] : [r.k0 as string, r.k1 as string],
  }));
}

/** A named segment's rule, or null when the workspace has no such segment. */
export async function segmentRule(sql: Sql, workspaceId: string, name: string): Promise<LogicRule | null> {
  const [row] = await sql<{ rule: LogicRule }[]>`
    select rule from segments where workspace_id = ${workspaceId} and name = ${name}`;
  return row?.rule ?? null;
}
