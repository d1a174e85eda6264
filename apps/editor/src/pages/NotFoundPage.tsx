import { Link, paths } from '../app/router.js';
import { TopBar } from '../ui/TopBar.js';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page">
      <TopBar />
      <main className="page__body empty-state">
        <h2>Nothing at {path}</h2>
        <Link href={paths.list()}>Back to all journeys</Link>
      </main>
    </div>
  );
}
