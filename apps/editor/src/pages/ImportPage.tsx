import type { ContactImport, ImportMode } from '@crossroads/api';
import { Upload } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useSession } from '../app/session.js';
import { ImportProgress } from '../import/ImportProgress.js';
import { MappingTable } from '../import/MappingTable.js';
import {
  type ColumnChoice,
  initialChoices,
  mappedColumns,
  PREVIEW_BYTES,
  type Preview,
  previewOf,
} from '../import/preview.js';
import { downloadBlob } from '../operate/audit/download.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { messageOf } from '../ui/errorMessage.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';
import '../import/import.css';

const MODES: Array<[ImportMode, string]> = [
  ['upsert', 'Add new contacts and update existing ones'],
  ['only-new', 'Only add new contacts (leave existing ones as they are)'],
  ['only-existing', 'Only update existing contacts (add no one)'],
];

/** `/import`: a CSV or NDJSON file of contacts: preview, mapping, mode, progress and report. */
export function ImportPage() {
  const { api, me } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [columns, setColumns] = useState<ColumnChoice[]>([]);
  const [keyColumn, setKeyColumn] = useState('');
  const [keyKind, setKeyKind] = useState<'email' | 'id'>('email');
  const [mode, setMode] = useState<ImportMode>('upsert');
  const [run, setRun] = useState<ContactImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = me.role === 'admin' || me.role === 'ingest';

  const pick = async (picked: File | undefined) => {
    setRun(null);
    setError(null);
    setFile(picked ?? null);
    if (!picked) return setPreview(null);
    const text = await picked.slice(0, PREVIEW_BYTES).text();
    const next = previewOf(text, picked.name, picked.size <= PREVIEW_BYTES);
    const start = initialChoices(next);
    setPreview(next);
    setColumns(start.columns);
    setKeyColumn(start.key);
    setKeyKind(/mail/i.test(start.key) ? 'email' : 'id');
  };

  const start = async () => {
    if (!file || !preview) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.createImport({
        format: preview.format,
        keyColumn,
        key: keyKind,
        mode,
        delimiter: preview.delimiter,
        columns: mappedColumns(columns, keyColumn, keyKind === 'id'),
        fileName: file.name,
      });
      setRun(created);
      await api.uploadImportFile(created.uploadUrl ?? `/v1/contacts/imports/${created.id}/file`, file);
      setRun(await api.getImport(created.id));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  // Follows the import until it is over.
  const runId = run?.id;
  const over = run?.state === 'done' || run?.state === 'failed';
  useEffect(() => {
    if (!runId || over || busy) return;
    const timer = setInterval(() => {
      api.getImport(runId).then(setRun, (e: unknown) => setError(messageOf(e)));
    }, 400);
    return () => clearInterval(timer);
  }, [api, runId, over, busy]);

  const report = async () => {
    if (!run) return;
    try {
      const res = await api.importReport(run.reportUrl);
      const name = (run.fileName ?? 'import').replace(/\.[^.]+$/, '');
      downloadBlob(await res.blob(), `${name}-rejected.csv`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="page">
      <TopBar>
        <OperateNav current="contacts" />
      </TopBar>
      <main className="page__body list-page import-page" data-testid="import-page">
        <div className="list-page__head">
          <div>
            <h1>Import contacts</h1>
            <p className="muted">
              A CSV file with a header line (e.g. an export from your CRM), or one JSON object per line.
            </p>
          </div>
        </div>
        {!allowed && (
          <div className="banner">Importing contacts needs an admin or ingest key; yours is {me.role}.</div>
        )}
        {error && <div className="banner banner--error">{error}</div>}
        <label className="import-file">
          <Upload size={16} aria-hidden="true" /> File to import
          <input
            type="file"
            accept=".csv,.tsv,.txt,.ndjson,.jsonl,text/csv,application/x-ndjson"
            onChange={(e) => void pick(e.target.files?.[0])}
            data-testid="import-file"
          />
        </label>
        {preview && preview.headers.length === 0 && (
          <div className="banner banner--error">This file has no header line or readable rows.</div>
        )}
        {preview && preview.headers.length > 0 && (
          <>
            <h2>Preview and columns</h2>
            <p className="muted">
              The first rows of {file?.name}. Each column is saved as the attribute named above it; the type
              is guessed from the first rows. A row whose value does not fit its type is rejected alone.
            </p>
            <MappingTable preview={preview} columns={columns} keyColumn={keyColumn} onChange={setColumns} />
            <fieldset className="import-options">
              <legend>How contacts are matched</legend>
              <div className="import-options__row">
                <label htmlFor="import-key">Column that identifies each contact</label>
                <select
                  id="import-key"
                  value={keyColumn}
                  onChange={(e) => setKeyColumn(e.target.value)}
                  data-testid="import-key"
                >
                  {preview.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
              <div className="import-options__row">
                <label htmlFor="import-key-kind">It holds</label>
                <select
                  id="import-key-kind"
                  value={keyKind}
                  onChange={(e) => setKeyKind(e.target.value as 'email' | 'id')}
                >
                  <option value="email">an email address</option>
                  <option value="id">the contact's id</option>
                </select>
              </div>
            </fieldset>
            <fieldset className="import-options">
              <legend>What to do</legend>
              {MODES.map(([value, words]) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="mode"
                    value={value}
                    checked={mode === value}
                    onChange={() => setMode(value)}
                  />{' '}
                  {words}
                </label>
              ))}
            </fieldset>
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy || !allowed || (run !== null && !over)}
              onClick={() => void start()}
              data-testid="import-start"
            >
              Import {file?.name}
            </button>
          </>
        )}
        {run && <ImportProgress run={run} onReport={() => void report()} />}
      </main>
    </div>
  );
}
