import type { SuccessBody, versionContacts } from '@crossroads/api';
import { useCallback, useEffect, useState } from 'react';
import { Link, paths } from '../../app/router.js';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useOperateApi } from '../api/useOperateApi.js';

type Item = SuccessBody<typeof versionContacts>['items'][number];

const STATE: Record<string, string> = {
  active: 'in the journey',
  waiting: 'waiting',
  completed: 'completed',
  converted: 'reached the goal',
  exited: 'exited',
  failed: 'failed',
};

/** The contacts that entered a version, newest first, a page at a time; each opens its trace. */
export function VersionContacts({ workflowId, version }: { workflowId: string; version: number }) {
  const api = useOperateApi();
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await api.versionContacts(workflowId, version, after);
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(messageOf(e));
      }
    },
    [api, workflowId, version],
  );
  useEffect(() => void load(null), [load]);
  if (error) return <div className="banner banner--error">{error}</div>;
  return (
    <div className="version-contacts" data-testid={`version-${version}-contact-list`}>
      <ul>
        {items.map((c) => (
          <li key={c.enrollmentId}>
            <Link href={paths.contact(c.contactId)}>{c.contactId}</Link>{' '}
            <span className="muted">
              entered {formatWhen(c.startedAt)} · {STATE[c.state] ?? c.state}
            </span>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" className="link-btn" onClick={() => void load(cursor)}>
          More contacts
        </button>
      )}
    </div>
  );
}
