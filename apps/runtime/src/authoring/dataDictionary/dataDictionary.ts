import type { DataDictionary, DictionaryField } from '@crossroads/api';
import type { Sql } from '../../db/connect.js';
import { BUILTIN_FIELDS, lastEventField } from './builtinFields.js';
import { contactFields } from './contactFields.js';
import { EVENT_SAMPLE, eventTypes } from './eventFields.js';

/**
 * What rules can read in a workspace, typed: contact attributes from the newest contacts, event
 * types (counts in the sample, last seen) with their properties, the engagement aggregates, the
 * journey, and the named segments. Sampled: the answers are bounded by the sample sizes.
 */
export async function dataDictionary(sql: Sql, workspaceId: string): Promise<DataDictionary> {
  const [contact, events, segments] = await Promise.all([
    contactFields(sql, workspaceId),
    eventTypes(sql, workspaceId),
    sql<Array<{ name: string; description: string }>>`
      select name, description from segments where workspace_id = ${workspaceId} order by name limit 500`,
  ]);
  const fields = new Map<string, DictionaryField>();
  const add = (f: DictionaryField) => {
    if (!fields.has(f.path)) fields.set(f.path, f);
  };
  for (const f of BUILTIN_FIELDS) add(f);
  for (const c of contact) {
    const values = c.values ? { values: c.values } : {};
    add({ path: `contact.${c.key}`, type: c.type, source: 'contact', seen: c.seen, ...values });
  }
  for (const event of events) {
    add(lastEventField(event.type));
    for (const p of event.properties) {
      const path = `event.properties.${p.key}`;
      const known = fields.get(path);
      if (known) {
        known.seen += p.seen;
        known.eventTypes = [...(known.eventTypes ?? []), event.type];
      } else {
        add({ path, type: p.type, source: 'event', seen: p.seen, eventTypes: [event.type] });
      }
    }
  }
  const list = [...fields.values()];
  return {
    contact: contact.map(({ key, seen, type }) => ({ key, seen, type })),
    events: events.map((e) => ({ ...e, properties: e.properties.map((p) => p.key) })),
    fields: list,
    segments,
    countCap: EVENT_SAMPLE,
    paths: list.map((f) => f.path).sort(),
  };
}
