import { type ApiKeySummary, type IssuedApiKey, ROLES, type Role } from '@crossroads/api';
import { KeyRound, Plus } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../app/session.js';
import { useWorkspaceApi } from '../operate/shell/workspaceApi.js';
import { messageOf } from '../ui/errorMessage.js';
import { formatWhen } from '../ui/formatWhen.js';
import { ModalForm } from '../ui/ModalForm.js';
import { ShownOnce } from '../ui/ShownOnce.js';
import { lastUsed, ROLE_HINTS } from './roles.js';

/** API keys of the workspace (admins): create with a role (the key shown once), revoke, last used. */
export function ApiKeysView() {
  const api = useWorkspaceApi();
  const { me, signOut } = useSession();
  const [keys, setKeys] = useState<ApiKeySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);

  const load = useCallback(() => {
    api.apiKeys().then(
      (r) => setKeys(r.items),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [api]);
  useEffect(load, [load]);

  if (me.role !== 'admin') {
    return (
      <main className="page__body empty-state ws-page" data-testid="keys-page">
        <KeyRound size={32} />
        <h1>API keys</h1>
        <p className="muted">
          Only an admin can see and manage the workspace's keys. Ask one of your admins.
        </p>
      </main>
    );
  }
  const active = keys?.filter((k) => !k.revokedAt) ?? [];
  const revoked = keys?.filter((k) => k.revokedAt) ?? [];
  return (
    <main className="page__body op-page ws-page" data-testid="keys-page">
      <div className="list-page__head">
        <div>
          <h1>API keys</h1>
          <p className="muted">
            Each key has one role. People sign in to the editor with a key; your site and apps send events
            with an ingest key.
          </p>
        </div>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setCreating(true)}
          data-testid="key-new"
        >
          <Plus size={16} /> New key
        </button>
      </div>
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
      {issued && <IssuedKey issued={issued} onDone={() => setIssued(null)} />}
      {keys === null && !error && <div className="skeleton-list" aria-busy="true" />}
      {keys && (
        <table className="table op-table" data-testid="key-list">
          <caption className="ws-caption">
            {active.length} active key{active.length === 1 ? '' : 's'}
            {revoked.length > 0 ? `, ${revoked.length} revoked` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {[...active, ...revoked].map((k) => (
              <tr
                key={k.id}
                data-testid="key-row"
                data-key-name={k.name}
                className={k.revokedAt ? 'ws-revoked' : ''}
              >
                <td>
                  {k.name}
                  {k.id === me.keyId && <span className="muted op-small"> (you)</span>}
                </td>
                <td title={ROLE_HINTS[k.role]}>{k.role}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td className="muted nowrap">{formatWhen(k.createdAt)}</td>
                <td
                  className="nowrap"
                  data-testid="key-last-used"
                  title={k.lastUsedAt ? formatWhen(k.lastUsedAt) : ''}
                >
                  {lastUsed(k.lastUsedAt)}
                </td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">Revoked {formatWhen(k.revokedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn--small btn--danger"
                      onClick={() => setRevoking(k)}
                      data-testid="key-revoke"
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && (
        <CreateKey
          onClose={() => setCreating(false)}
          onCreate={async (name, role) => {
            setIssued(await api.createApiKey(name, role));
            setCreating(false);
            load();
          }}
        />
      )}
      {revoking && (
        <ModalForm
          id="revoke-key"
          title={`Revoke “${revoking.name}”?`}
          canSubmit
          submitLabel="Revoke key"
          busyLabel="Revoking…"
          submitClass="btn--danger"
          submitTestId="key-revoke-confirm"
          onClose={() => setRevoking(null)}
          onSubmit={async () => {
            await api.revokeApiKey(revoking.id);
            if (revoking.id === me.keyId) return signOut();
            setRevoking(null);
            load();
          }}
        >
          <p>
            Anything using this key stops working at once
            {revoking.id === me.keyId ? ', including this browser: you will be signed out' : ''}. This cannot
            be undone; create a new key instead.
          </p>
        </ModalForm>
      )}
    </main>
  );
}

function CreateKey({
  onClose,
  onCreate,
}: {
  onClose(): void;
  onCreate(name: string, role: Role): Promise<void>;
}) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  return (
    <ModalForm
      id="new-key"
      title="New API key"
      canSubmit={name.trim() !== ''}
      submitLabel="Create key"
      busyLabel="Creating…"
      submitTestId="key-create"
      onClose={onClose}
      onSubmit={() => onCreate(name.trim(), role)}
    >
      <div className="field">
        <label className="field__label" htmlFor="key-name">
          Name
        </label>
        <input
          id="key-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Who or what uses it, e.g. Dana (marketing ops)"
        />
      </div>
      <fieldset className="field ws-roles">
        <legend className="field__label">Role</legend>
        {ROLES.map((r) => (
          <label key={r} className="ws-role">
            <input type="radio" name="key-role" value={r} checked={role === r} onChange={() => setRole(r)} />
            <span>
              <b>{r}</b> <span className="muted">{ROLE_HINTS[r]}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </ModalForm>
  );
}

function IssuedKey({ issued, onDone }: { issued: IssuedApiKey; onDone(): void }) {
  return (
    <ShownOnce
      id="key-issued"
      title={`Key “${issued.name}” (${issued.role}) created`}
      note="Copy it now: it is shown only this once. Crossroads keeps only a fingerprint of it."
      value={issued.key}
      label="The new key"
      onDone={onDone}
      testIds={{ section: 'key-issued', value: 'key-secret', copy: 'key-copy' }}
    />
  );
}
