import { KeyRound } from 'lucide-react';
import { useState } from 'react';
import { focusOnMount } from '../ui/focusOnMount.js';
import { Logo } from '../ui/Logo.js';

/** Asks once per browser for an API key (the start command also prints a sign-in link). */
export function SignInPage({ error, onSubmit }: { error?: string; onSubmit(key: string): void }) {
  const [key, setKey] = useState('');
  return (
    <div className="signin">
      <form
        className="signin__card"
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) onSubmit(key);
        }}
      >
        <Logo />
        <h1>Sign in to Crossroads</h1>
        <p className="muted">
          Paste an API key for your workspace. The start command prints a sign-in link that does this for you.
        </p>
        <label className="field">
          <span className="field__label">API key</span>
          <div className="input-with-icon">
            <KeyRound size={16} />
            <input
              ref={focusOnMount}
              type="password"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="cr_…"
              aria-label="API key"
            />
          </div>
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
    </div>
  );
}
