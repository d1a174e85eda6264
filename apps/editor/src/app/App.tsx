import type { Me } from '@crossroads/api';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, createApiClient } from '../api/client.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ContactViewPage } from '../pages/ContactViewPage.js';
import { MailboxPage } from '../pages/MailboxPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { OperatePage } from '../pages/OperatePage.js';
import { SegmentsPage } from '../pages/SegmentsPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { VersionPage } from '../pages/VersionPage.js';
import { WorkflowListPage } from '../pages/WorkflowListPage.js';
import { WorkflowPage } from '../pages/WorkflowPage.js';
import { messageOf } from '../ui/errorMessage.js';
import { adoptKeyFromHash, forgetKey, storeKey } from './auth.js';
import { useRoute } from './router.js';
import { permissions, type Session, SessionProvider } from './session.js';

type Auth =
  | { state: 'signed-out'; error?: string }
  | { state: 'checking'; key: string }
  | { state: 'ready'; key: string; me: Me };

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
          setAuth({ state: 'signed-out', error: 'That API key was not accepted. Check it and try again.' });
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

  const session = useMemo<Session | null>(() => {
    if (auth.state !== 'ready') return null;
    return {
      api: createApiClient({ apiKey: auth.key }),
      me: auth.me,
      ...permissions(auth.me.role),
      signOut() {
        forgetKey();
        setAuth({ state: 'signed-out' });
      },
    };
  }, [auth]);

  if (auth.state === 'checking') return <div className="boot">Signing in…</div>;
  if (!session) {
    return (
      <SignInPage
        {...(auth.state === 'signed-out' && auth.error ? { error: auth.error } : {})}
        onSubmit={(key) => {
          storeKey(key);
          setAuth({ state: 'checking', key: key.trim() });
        }}
      />
    );
  }
  return (
    <SessionProvider session={session}>
      <Routes />
    </SessionProvider>
  );
}

function Routes() {
  const route = useRoute();
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
    case 'segments':
      return <SegmentsPage />;
    default:
      return <NotFoundPage path={route.path} />;
  }
}
