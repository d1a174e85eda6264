import type { Me } from '@crossroads/api';
import { createContext, type ReactNode, useContext } from 'react';
import type { ApiClient } from '../api/client.js';

export interface Session {
  api: ApiClient;
  me: Me;
  /** Roles that may change drafts. */
  canEdit: boolean;
  canPublish: boolean;
  signOut(): void;
  /** The key stopped working (revoked, expired): sign in with a new one, keeping unsaved edits. */
  signInAgain(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession: not signed in');
  return session;
}

/** What a role may do in the editor (the server enforces the same rules). */
export function permissions(role: Me['role']): Pick<Session, 'canEdit' | 'canPublish'> {
  return {
    canEdit: role === 'admin' || role === 'editor' || role === 'publisher',
    canPublish: role === 'admin' || role === 'publisher',
  };
}
