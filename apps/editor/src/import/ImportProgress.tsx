import type { ContactImport } from '@crossroads/api';

const n = (value: number) => value.toLocaleString('en');

/** An import under way or over: a progress bar, the counts, the first rejected rows. */
export function ImportProgress({ run, onReport }: { run: ContactImport; onReport(): void }) {
  const over = run.state === 'done' || run.state === 'failed';
  const share = run.bytes ? Math.min(1, run.bytesRead / run.bytes) : 0;
  const heading =
    run.state === 'done' ? 'Import done' : run.state === 'failed' ? 'Import stopped' : 'Importing…';
  return (
    <section
      className="import-progress"
      aria-labelledby="import-progress-title"
      data-testid="import-progress"
    >
      <h2 id="import-progress-title">{heading}</h2>
      <progress
        max={1}
        value={over && run.state === 'done' ? 1 : share}
        aria-label={`${Math.round((over ? 1 : share) * 100)}% of ${run.fileName ?? 'the file'} read`}
      />
      <p aria-live="polite">
        {n(run.rowsRead)} rows read: {n(run.created)} new contacts, {n(run.updated)} updated,{' '}
        {n(run.unchanged)} already up to date, {n(run.skipped)} left out by the mode, {n(run.rejected)}{' '}
        rejected.
        {run.segmentEntries > 0 && ` ${n(run.segmentEntries)} entered a segment a journey starts on.`}
      </p>
      {run.error && <div className="banner banner--error">{run.error}</div>}
      {run.firstRejections.length > 0 && (
        <>
          <h3>Rejected rows</h3>
          <table className="table" data-testid="import-rejections">
            <thead>
              <tr>
                <th>Line</th>
                <th>Column</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {run.firstRejections.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{r.column ?? ''}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {run.rejected > run.firstRejections.length && (
            <p className="muted">
              The first {run.firstRejections.length} of {n(run.rejected)}; the report has them all.
            </p>
          )}
        </>
      )}
      {over && run.rejected > 0 && (
        <button type="button" className="btn" onClick={onReport} data-testid="import-report">
          Download the report of rejected rows
        </button>
      )}
    </section>
  );
}
