import { roleAllows } from '@crossroads/api';
import {
  Filter,
  Handshake,
  Inbox,
  KeyRound,
  ListOrdered,
  ScrollText,
  Search,
  Send,
  UsersRound,
  Workflow,
} from 'lucide-react';
import { useState } from 'react';
import { Link, navigate, paths } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { operatePaths } from './operatePaths.js';

export type NavPlace =
  | 'audit'
  | 'mailbox'
  | 'contact'
  | 'contacts'
  | 'handoffs'
  | 'api-keys'
  | 'list'
  | 'segments'
  | 'priorities'
  | 'sending';

type NavLink = [NavPlace, string, string, typeof Workflow];

/**
 * Workspace-wide views in the top bar: journeys, contacts, segments, priorities, handoffs, mailbox,
 * audit log, sending settings (roles that may `workspace:manage`), API keys (admins), and a contact
 * search box (an email's start or an id opens the Contacts page's results).
 */
export function OperateNav({ current }: { current?: NavPlace }) {
  const { me } = useSession();
  const [contact, setContact] = useState('');
  const links: NavLink[] = [
    ['list', 'Journeys', paths.list(), Workflow],
    ['contacts', 'Contacts', operatePaths.contacts(), UsersRound],
    ['segments', 'Segments', paths.segments(), Filter],
    ['priorities', 'Priorities', paths.priorities(), ListOrdered],
    ['handoffs', 'Handoffs', operatePaths.handoffs(), Handshake],
    ['mailbox', 'Mailbox', operatePaths.mailbox(), Inbox],
    ['audit', 'Audit log', operatePaths.audit(), ScrollText],
    ...(roleAllows(me.role, 'workspace:manage')
      ? [['sending', 'Sending', operatePaths.sending(), Send] as NavLink]
      : []),
    ...(me.role === 'admin' ? [['api-keys', 'API keys', operatePaths.apiKeys(), KeyRound] as NavLink] : []),
  ];
  return (
    <nav className="op-nav" aria-label="Workspace">
      {links.map(([id, label, href, Icon]) => (
        <Link
          key={id}
          href={href}
          className={`op-tab${current === id ? ' is-on' : ''}`}
          aria-current={current === id ? 'page' : undefined}
          data-testid={`nav-${id}`}
        >
          <Icon size={14} aria-hidden="true" /> {label}
        </Link>
      ))}
      {current !== 'contacts' && (
        <form
          className="op-nav__contact"
          onSubmit={(e) => {
            e.preventDefault();
            if (contact.trim()) navigate(operatePaths.contacts(contact.trim()));
          }}
        >
          <Search size={14} aria-hidden="true" />
          <input
            type="search"
            value={contact}
            onChange={(e) => setContact(e.target.value)}
            placeholder="Find a contact"
            aria-label="Find a contact by email or id"
            data-testid="nav-contact-search"
          />
        </form>
      )}
    </nav>
  );
}
