import type { TransactionSql } from '../db/connect.js';
import type { ContactRow, Rejection } from './rows.js';

/** The rows of one batch that go to one contact, their attributes merged in file order. */
export interface ContactWrite {
  id: string;
  attributes: Record<string, unknown>;
  /** Rows of the batch merged into this write (they share its outcome). */
  rows: number;
}

/**
 * The contact each row goes to. By id: the key. By email: the one contact whose `email`
 * attribute is that address (case-insensitive), else a new contact whose id is the address in
 * lower case; an address two contacts share is a rejection (which one was meant?). Rows for
 * the same contact are merged, the later row's values winning, so one statement writes each
 * contact once. Writes come sorted by id: concurrent writers lock rows in the same order.
 */
export async function resolveKeys(
  tx: TransactionSql,
  workspaceId: string,
  key: 'id' | 'email',
  rows: readonly ContactRow[],
): Promise<{ writes: ContactWrite[]; rejections: Rejection[] }> {
  const rejections: Rejection[] = [];
  const idOf = new Map<string, string>();
  const refused = new Set<ContactRow>();
  if (key === 'email') {
    const emails = [...new Set(rows.map((row) => row.key))];
    const found = await tx<{ email: string; ids: string[] }[]>`
      select coalesce(lower(attributes ->> 'email'), '') as email, array_agg(id order by id) as ids
      from contacts
      where workspace_id = ${workspaceId}
        and (coalesce(lower(attributes ->> 'email'), '') collate "C") = any(${emails}::text[])
      group by 1`;
    const shared = new Map<string, string[]>();
    for (const { email, ids } of found) {
      if (ids.length === 1) idOf.set(email, ids[0]!);
      else shared.set(email, ids);
    }
    for (const row of rows) {
      const ids = shared.get(row.key);
      if (!ids) continue;
      refused.add(row);
      const names = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', …' : '');
      rejections.push({
        line: row.line,
        column: null,
        reason: `${ids.length} contacts have the email ${row.key} (${names}): import by id to say which`,
        values: row.values,
      });
    }
  }
  const writes = new Map<string, ContactWrite>();
  for (const row of rows) {
    if (refused.has(row)) continue;
    const id = idOf.get(row.key) ?? row.key;
    const write = writes.get(id);
    if (write) {
      Object.assign(write.attributes, row.attributes);
      write.rows++;
    } else {
      writes.set(id, { id, attributes: { ...row.attributes }, rows: 1 });
    }
  }
  return {
    writes: [...writes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    rejections,
  };
}
