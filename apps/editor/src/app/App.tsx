import type { Me } from '@crossroads/api';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, createApiClient } from '../api/client.js';
import { ApiKeysPage } from '../pages/ApiKeysPage.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ContactsPage } from '../pages/ContactsPage.js';
import { ContactViewPage } from '../pages/ContactViewPage.js';
import { HandoffsPage } from '../pages/HandoffsPage.js';
import { ImportPage } from '../pages/ImportPage.js';
import { MailboxPage } from '../pages/MailboxPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { OperatePage } from '../pages/OperatePage.js';
import { PrioritiesPage } from '../pages/PrioritiesPage.js';
import { SegmentsPage } from '../pages/SegmentsPage.js';
import { SendingPage } from '../pages/SendingPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { VersionPage } from '../pages/VersionPage.js';
import { WorkflowListPage } from '../pages/WorkflowListPage.js';
import { WorkflowPage } from '../pages/WorkflowPage.js';
import { messageOf } from '../ui/errorMessage.js';
import { adoptKeyFromHash, forgetKey, storeKey } from './auth.js';
import { KeyRejectedBanner } from './KeyRejectedBanner.js';
import { useRoute } from './router.js';
import { permissions, type Session, SessionProvider, useSession } from './session.js';
import { useDocumentTitle, useRouteTitle } from './title.js';

type Auth =
  | { state: 'signed-out'; error?: string; keyRejected?: boolean }
  | { state: 'checking'; key: string; again?: boolean }
  | { state: 'ready'; key: string; me: Me };

// Requests sent while the page goes away (a tab leaving a draft) must outlive it.
let unloading = false;
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    unloading = true;
  });
  window.addEventListener('pageshow', () => {
    unloading = false;
  });
}

/**
 * The API client's fetch: reports a 401 (revoked or expired key) before handing the answer on,
 * and keeps requests made while the page unloads alive.
 */
function watching401(onRejected: () => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, unloading ? { ...init, keepalive: true } : init);
    if (res.status === 401) onRejected();
    return res;
  };
}

/** Signs in with the stored API key, learns the role from `/v1/me`, then routes. */
export function App() {
  const [auth, setAuth] = useState<Auth>(() => {
    const key = adoptKeyFromHash();
    return key ? { state: 'checking', key } : { state: 'signed-out' };
  });

  useEffect(() => {
    if (auth.state !== 'checking') return;
    let cancelled = false;
    createApiClient({ apiKey: auth.key })
      .me()
      .then((me) => !cancelled && setAuth({ state: 'ready', key: auth.key, me }))
      .catch((error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) {
          forgetKey();
          setAuth({
            state: 'signed-out',
            keyRejected: !auth.again,
            error: auth.again
              ? 'That API key was not accepted. Check it and try again.'
              : 'This API key no longer works: it was revoked or has expired.',
          });
        } else {
          setAuth({
            state: 'signed-out',
            error: `Could not reach the Crossroads runtime (${messageOf(error)}).`,
          });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [auth]);

  // Kept apart from `auth` so the session (and the editors using its client) survive the banner.
  const [keyRejected, setKeyRejected] = useState(false);
  const session = useMemo<Session | null>(() => {
    if (auth.state !== 'ready') return null;
    return {
      api: createApiClient({ apiKey: auth.key, fetch: watching401(() => setKeyRejected(true)) }),
      me: auth.me,
      ...permissions(auth.me.role),
      signOut() {
        forgetKey();
        setAuth({ state: 'signed-out' });
      },
      signInAgain() {
        forgetKey();
        setKeyRejected(false);
        setAuth({ state: 'signed-out', keyRejected: true });
      },
    };
  }, [auth]);

  useDocumentTitle(auth.state === 'checking' ? 'Signing in' : session ? null : 'Sign in');
  if (auth.state === 'checking') return <div className="boot">Signing in…</div>;
  if (!session) {
    return (
      <SignInPage
        {...(auth.state === 'signed-out' && auth.error ? { error: auth.error } : {})}
        keyRejected={auth.state === 'signed-out' && !!auth.keyRejected}
        onSubmit={(key) => {
          storeKey(key);
          setAuth({ state: 'checking', key: key.trim(), again: true });
        }}
      />
    );
  }
  return (
    <SessionProvider session={session}>
      {keyRejected && <KeyRejectedBanner onSignInAgain={session.signInAgain} />}
      <Routes />
    </SessionProvider>
  );
}

function Routes() {
  const route = useRoute();
  useRouteTitle(useSession().api, route);
  switch (route.name) {
    case 'list':
      return <WorkflowListPage />;
    case 'workflow':
      return <WorkflowPage key={route.id} id={route.id} />;
    case 'version':
      return <VersionPage key={`${route.id}@${route.version}`} id={route.id} version={route.version} />;
    case 'contact':
      return <ContactViewPage key={route.id} id={route.id} />;
    case 'operate':
      return <OperatePage key={`${route.id}/${route.tab}`} id={route.id} route={route} />;
    case 'compare':
      return (
        <OperatePage
          key={route.id}
          id={route.id}
          route={{ tab: 'compare', from: route.from, to: route.to }}
        />
      );
    case 'audit':
      return <AuditPage />;
    case 'mailbox':
      return <MailboxPage />;
    case 'contacts':
      return <ContactsPage />;
    case 'handoffs':
      return <HandoffsPage />;
    case 'api-keys':
      return <ApiKeysPage />;
    case 'sending':
      return <SendingPage />;
    case 'segments':
      return <SegmentsPage />;
    case 'import':
      return <ImportPage />;
    case 'priorities':
      return <PrioritiesPage />;
    default:
      return <NotFoundPage path={route.path} />;
  }
}
