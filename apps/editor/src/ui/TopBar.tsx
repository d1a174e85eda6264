import { LogOut } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { Logo } from './Logo.js';

/** The app header: logo, page-specific middle, who is signed in. */
export function TopBar({ children }: { children?: ReactNode }) {
  const { me, signOut } = useSession();
  return (
    <header className="topbar">
      <Link href={paths.list()} className="topbar__home" aria-label="Crossroads: all journeys">
        <Logo />
      </Link>
      <div className="topbar__middle">{children}</div>
      <div className="topbar__me">
        <span className={`role role--${me.role}`} title={`Signed in with key “${me.keyName}”`}>
          {me.role}
        </span>
        <button className="icon-btn" type="button" onClick={signOut} title="Sign out">
          <LogOut size={16} />
        </button>
      </div>
    </header>
  );
}
