import { attributeNameFor, type ImportColumn, type ImportSettings, type ImportType } from '@crossroads/api';

/** What a mapping is made from: the settings as sent, or as an import row stores them. */
export type MappingSettings = Pick<ImportSettings, 'key' | 'keyColumn'> & { columns?: ImportColumn[] | null };

/** One column of the file as read: where its cell is, the attribute it goes to, and how it is read. */
export interface MappedColumn {
  /** The CSV header (or NDJSON field) as the file names it. */
  column: string;
  /** Index of the cell in a CSV record (NDJSON reads the field by name). */
  index: number;
  attribute: string;
  /** `as-is`: an NDJSON value without a declared type, stored as it is. */
  type: ImportType | 'as-is';
}

/** How each record of the file becomes a contact. */
export interface Mapping {
  key: 'id' | 'email';
  keyColumn: string;
  keyIndex: number;
  columns: MappedColumn[];
  /** CSV: cells a record must have (the header's). */
  width: number;
}

export class MappingError extends Error {}

/** A header cell matching `name`: exactly, else ignoring case and surrounding spaces. */
function indexOf(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const wanted = name.trim().toLowerCase();
  return header.findIndex((cell) => cell.trim().toLowerCase() === wanted);
}

const listed = (header: readonly string[]) =>
  header
    .slice(0, 20)
    .map((h) => `'${h}'`)
    .join(', ') + (header.length > 20 ? ', …' : '');

/**
 * The mapping of a CSV file with this header: every mapped column must be in it (MappingError
 * names the first that is not). Without `columns`, every named column but an id key becomes a text
 * attribute named after its header (`First Name` → `first_name`); an email key is also stored
 * as the `email` attribute unless a column already goes there.
 */
export function csvMapping(settings: MappingSettings, header: readonly string[]): Mapping {
  const keyIndex = indexOf(header, settings.keyColumn);
  if (keyIndex < 0)
    throw new MappingError(
      `The key column '${settings.keyColumn}' is not in the file's header (${listed(header)})`,
    );
  const declared: ImportColumn[] =
    settings.columns ??
    header.flatMap((name, index) =>
      name.trim() === '' || (settings.key === 'id' && index === keyIndex)
        ? []
        : [{ column: name, attribute: attributeNameFor(name), type: 'text' as const }],
    );
  const columns = declared.map((c) => {
    const index = indexOf(header, c.column);
    if (index < 0)
      throw new MappingError(`The column '${c.column}' is not in the file's header (${listed(header)})`);
    return { column: header[index]!, index, attribute: c.attribute, type: c.type };
  });
  return withEmail(settings, {
    key: settings.key,
    keyColumn: header[keyIndex]!,
    keyIndex,
    columns: unique(columns),
    width: header.length,
  });
}

/**
 * The mapping of an NDJSON file: each line is an object and the columns are its fields. Without
 * `columns`, every field but an id key is stored as it is.
 */
export function ndjsonMapping(settings: MappingSettings): Mapping {
  const columns: MappedColumn[] = (settings.columns ?? []).map((c) => ({ ...c, index: -1 }));
  return withEmail(settings, {
    key: settings.key,
    keyColumn: settings.keyColumn,
    keyIndex: -1,
    columns,
    width: 0,
  });
}

/** An email key is always stored as `email` too (it is what later imports and search match on). */
function withEmail(settings: MappingSettings, mapping: Mapping): Mapping {
  if (settings.key !== 'email' || mapping.columns.some((c) => c.attribute === 'email')) return mapping;
  const email: MappedColumn = {
    column: mapping.keyColumn,
    index: mapping.keyIndex,
    attribute: 'email',
    type: 'text',
  };
  return { ...mapping, columns: [email, ...mapping.columns] };
}

/** Two headers that give the same attribute name (`Plan`, `plan `): the later one gets `_2`. */
function unique(columns: MappedColumn[]): MappedColumn[] {
  const seen = new Set<string>();
  return columns.map((c) => {
    let attribute = c.attribute;
    for (let n = 2; seen.has(attribute); n++) attribute = `${c.attribute}_${n}`;
    seen.add(attribute);
    return { ...c, attribute };
  });
}
