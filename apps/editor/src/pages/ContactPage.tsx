import { UserRound } from 'lucide-react';
import { Link, paths } from '../app/router.js';
import { TopBar } from '../ui/TopBar.js';

/** Placeholder: the contact view (attributes, journeys, trace) arrives with a later issue. */
export function ContactPage({ id }: { id: string }) {
  return (
    <div className="page">
      <TopBar>
        <span className="crumb">Contact {id}</span>
      </TopBar>
      <main className="page__body empty-state">
        <UserRound size={32} />
        <h2>Contact {id}</h2>
        <p className="muted">
          The contact view (attributes, journeys and the explained trace) is coming soon.
        </p>
        <Link href={paths.list()}>Back to all journeys</Link>
      </main>
    </div>
  );
}
