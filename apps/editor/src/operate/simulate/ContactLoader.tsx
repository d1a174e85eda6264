import type { ContactMatch } from '@crossroads/api';
import { Search } from 'lucide-react';
import { useState } from 'react';
import { messageOf } from '../../ui/errorMessage.js';
import { useWorkspaceApi } from '../shell/workspaceApi.js';
import { contactSearches, contactSummary } from './contactForm.js';

/** Loads a real contact into the form, found by the start of its email or a part of its name. */
export function ContactLoader({ onLoad }: { onLoad(contact: Record<string, unknown>): void }) {
  const api = useWorkspaceApi();
  const [text, setText] = useState('');
  const [found, setFound] = useState<ContactMatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async () => {
    setError(null);
    try {
      const pages = await Promise.all(contactSearches(text).map((q) => api.contacts({ ...q, limit: 8 })));
      const byId = new Map(pages.flatMap((p) => p.items).map((c) => [c.id, c]));
      setFound([...byId.values()].slice(0, 8));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="sim-loader">
      <form
        className="op-row"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label className="sr-only" htmlFor="sim-contact-search">
          Find a contact by email or name
        </label>
        <input
          id="sim-contact-search"
          type="search"
          value={text}
          placeholder="Load a contact: email or name"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn--small" disabled={!text.trim()}>
          <Search size={13} /> Find
        </button>
      </form>
      {error && <div className="banner banner--error">{error}</div>}
      {found && (
        <ul className="sim-loader__found" aria-label="Contacts found" data-testid="contacts-found">
          {found.length === 0 && <li className="muted op-small">No contact matches “{text.trim()}”.</li>}
          {found.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={() => {
                  onLoad({ id: c.id, ...c.attributes });
                  setFound(null);
                }}
              >
                Use {contactSummary(c.attributes)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
