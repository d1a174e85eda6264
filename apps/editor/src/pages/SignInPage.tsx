import { KeyRound } from 'lucide-react';
import { useMemo, useState } from 'react';
import { pendingEdits } from '../editor/autosavePending.js';
import '../editor/collab.css';
import { focusOnMount } from '../ui/focusOnMount.js';
import { formatWhen } from '../ui/formatWhen.js';
import { Logo } from '../ui/Logo.js';

/**
 * Asks for an API key (the start command also prints a sign-in link). After a key stopped working
 * it says so, and names the unsaved edits this browser kept: they are saved once signed in.
 */
export function SignInPage({
  error,
  keyRejected = false,
  onSubmit,
}: {
  error?: string;
  /** The previous key was revoked or expired (not a first sign-in). */
  keyRejected?: boolean;
  onSubmit(key: string): void;
}) {
  const [key, setKey] = useState('');
  const waiting = useMemo(() => pendingEdits.all(), []);
  return (
    <main className="signin">
      <form
        className="signin__card"
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) onSubmit(key);
        }}
      >
        <Logo />
        <h1>{keyRejected ? 'Sign in again' : 'Sign in to Crossroads'}</h1>
        {keyRejected ? (
          <p className="signin__lead" data-testid="signin-reason">
            Your API key stopped working: it was revoked, or it expired. Paste a new key for your workspace to
            carry on.
          </p>
        ) : (
          <p className="signin__lead">
            Paste an API key for your workspace. The start command prints a sign-in link that does this for
            you.
          </p>
        )}
        {waiting.length > 0 && (
          <div className="signin__pending" data-testid="signin-pending">
            <p>
              {waiting.length === 1 ? 'Unsaved changes are' : 'Unsaved changes to these journeys are'} kept in
              this browser and will be saved when you sign in, together with anything your teammates changed
              meanwhile:
            </p>
            <ul>
              {waiting.map((edit) => (
                <li key={edit.workflowId}>
                  <strong>{edit.name || 'Untitled journey'}</strong>, edited{' '}
                  {formatWhen(new Date(edit.at).toISOString())}
                </li>
              ))}
            </ul>
          </div>
        )}
        <label className="field">
          <span className="field__label">API key</span>
          <span className="input-with-icon">
            <KeyRound size={16} aria-hidden="true" />
            <input
              ref={focusOnMount}
              type="password"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="crk_…"
              autoComplete="current-password"
            />
          </span>
        </label>
        {error && (
          <p className="signin__error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn--primary btn--block" type="submit" disabled={!key.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
