import { Link, paths } from '../app/router.js';
import { TopBar } from '../ui/TopBar.js';

/** While a canvas loads, or when it could not. */
export function LoadingPage({ error }: { error?: string }) {
  return (
    <div className="page">
      <TopBar />
      <main className="page__body empty-state">
        {error ? (
          <>
            <h2>Could not open this journey</h2>
            <p className="muted">{error}</p>
            <Link href={paths.list()}>Back to all journeys</Link>
          </>
        ) : (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        )}
      </main>
    </div>
  );
}
