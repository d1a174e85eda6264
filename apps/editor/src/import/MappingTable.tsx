import { IMPORT_TYPES, type ImportType } from '@crossroads/api';
import type { ColumnChoice, Preview } from './preview.js';

const TYPE_WORDS: Record<ImportType, string> = {
  text: 'Text',
  number: 'Number',
  boolean: 'Yes / no',
  date: 'Date',
  list: 'List (split on ;)',
};

/** The file's first rows under its columns, each with whether, where and as what it is imported. */
export function MappingTable({
  preview,
  columns,
  keyColumn,
  onChange,
}: {
  preview: Preview;
  columns: ColumnChoice[];
  keyColumn: string;
  onChange(columns: ColumnChoice[]): void;
}) {
  const set = (i: number, change: Partial<ColumnChoice>) =>
    onChange(columns.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <div className="import-mapping">
      <table className="table" data-testid="import-preview">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={c.column} scope="col">
                <div className="import-mapping__head">
                  <label>
                    <input
                      type="checkbox"
                      checked={c.include || c.column === keyColumn}
                      disabled={c.column === keyColumn}
                      onChange={(e) => set(i, { include: e.target.checked })}
                      aria-label={`Import column ${c.column}`}
                    />{' '}
                    {c.column}
                  </label>
                  <label>
                    <span className="muted">Save as</span>
                    <input
                      value={c.attribute}
                      onChange={(e) => set(i, { attribute: e.target.value })}
                      aria-label={`Attribute for column ${c.column}`}
                      disabled={!c.include}
                    />
                  </label>
                  <label>
                    <span className="muted">Type</span>
                    <select
                      value={c.type}
                      onChange={(e) => set(i, { type: e.target.value as ImportType })}
                      aria-label={`Type of column ${c.column}`}
                      disabled={!c.include}
                    >
                      {IMPORT_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {TYPE_WORDS[t]}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity of their own
            <tr key={r}>
              {columns.map((c, i) => (
                <td key={c.column} className={c.include ? undefined : 'muted'}>
                  {row[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
