import { Filter, Inbox, ScrollText, UserRound, Workflow } from 'lucide-react';
import { useState } from 'react';
import { Link, navigate, paths } from '../../app/router.js';
import { operatePaths } from './operatePaths.js';

/** Workspace-wide views in the top bar: journeys, audit log, mailbox, and a jump to a contact. */
export function OperateNav({ current }: { current?: 'audit' | 'mailbox' | 'contact' | 'list' | 'segments' }) {
  const [contact, setContact] = useState('');
  const links: Array<[string, string, string, typeof Workflow]> = [
    ['list', 'Journeys', paths.list(), Workflow],
    ['audit', 'Audit log', operatePaths.audit(), ScrollText],
    ['mailbox', 'Mailbox', operatePaths.mailbox(), Inbox],
    ['segments', 'Segments', paths.segments(), Filter],
  ];
  return (
    <nav className="op-nav" aria-label="Workspace">
      {links.map(([id, label, href, Icon]) => (
        <Link
          key={id}
          href={href}
          className={`op-tab${current === id ? ' is-on' : ''}`}
          data-testid={`nav-${id}`}
        >
          <Icon size={14} /> {label}
        </Link>
      ))}
      <form
        className="op-nav__contact"
        onSubmit={(e) => {
          e.preventDefault();
          if (contact.trim()) navigate(paths.contact(contact.trim()));
        }}
      >
        <UserRound size={14} />
        <input
          value={contact}
          onChange={(e) => setContact(e.target.value)}
          placeholder="Contact id"
          aria-label="Open contact"
        />
      </form>
    </nav>
  );
}
