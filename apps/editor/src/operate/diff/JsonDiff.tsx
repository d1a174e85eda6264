import { lazy, Suspense } from 'react';

const MonacoDiff = lazy(() => import('./MonacoDiff.js'));

/** Two graphs as pretty JSON, side by side, in Monaco's diff editor. */
export function JsonDiff({ original, modified }: { original: string; modified: string }) {
  return (
    <div className="json-diff">
      <Suspense fallback={<div className="code-editor__loading">Loading diff…</div>}>
        <MonacoDiff original={original} modified={modified} />
      </Suspense>
    </div>
  );
}
