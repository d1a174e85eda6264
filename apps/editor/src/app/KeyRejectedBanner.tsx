import '../editor/collab.css';
import { KeyRound } from 'lucide-react';

/**
 * Shown over any page once the API key answers 401 (revoked or expired). Nothing typed is lost:
 * unsaved draft edits wait in this browser and are saved after signing in with a new key.
 */
export function KeyRejectedBanner({ onSignInAgain }: { onSignInAgain(): void }) {
  return (
    <div className="key-rejected" role="alert" data-testid="key-rejected">
      <KeyRound size={16} aria-hidden="true" />
      <span>
        <strong>Your API key no longer works</strong> (it was revoked or has expired). Anything you have not
        saved is kept in this browser and will be saved after you sign in again.
      </span>
      <button type="button" className="btn btn--small btn--primary" onClick={onSignInAgain}>
        Sign in again
      </button>
    </div>
  );
}
