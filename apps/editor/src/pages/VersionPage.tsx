import type { VersionDetail } from '@crossroads/api';
import { ChevronRight, FilePenLine, GitCompare, History, Lock } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { EditorShell } from '../editor/EditorShell.js';
import { startLiveValidation } from '../editor/liveValidation.js';
import { useEditorEnvironment } from '../editor/useEditorEnvironment.js';
import { operatePaths } from '../operate/shell/operatePaths.js';
import { createEditorStore } from '../store/createEditorStore.js';
import { messageOf } from '../ui/errorMessage.js';
import { formatWhen } from '../ui/formatWhen.js';
import { LoadingPage } from './LoadingPage.js';

const noSave = async () => {};

/** `/workflows/:id/versions/:n`: a published version, read-only. */
export function VersionPage({ id, version }: { id: string; version: number }) {
  const { api } = useSession();
  const env = useEditorEnvironment(api);
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.getVersion(id, version).then(setDetail, (e: unknown) => setError(messageOf(e)));
  }, [api, id, version]);
  const store = useMemo(
    () =>
      env && detail ? createEditorStore({ graph: detail.graph, catalog: env.catalog, readOnly: true }) : null,
    [env, detail],
  );
  useEffect(() => (store ? startLiveValidation(store) : undefined), [store]);
  const services = useMemo(
    () => (env ? { segments: env.segments, preview: env.preview, saveNow: noSave } : null),
    [env],
  );

  if (error) return <LoadingPage error={error} />;
  if (!store || !detail || !services) return <LoadingPage />;
  const header = (
    <>
      <Link href={paths.list()} className="crumb crumb--link">
        Journeys
      </Link>
      <ChevronRight size={14} className="crumb__sep" />
      <Link href={paths.workflow(id)} className="crumb crumb--link">
        {detail.graph.name}
      </Link>
      <ChevronRight size={14} className="crumb__sep" />
      <span className="crumb">Version {detail.version}</span>
      <span className="pill pill--version">
        <Lock size={11} /> Published
      </span>
    </>
  );
  const actions = (
    <>
      <Link href={operatePaths.versions(id)} className="btn btn--ghost" data-testid="all-versions">
        <History size={15} /> All versions
      </Link>
      {detail.version > 1 && (
        <Link href={operatePaths.compare(id, detail.version - 1, detail.version)} className="btn btn--ghost">
          <GitCompare size={15} /> What changed
        </Link>
      )}
      <Link href={paths.workflow(id)} className="btn">
        <FilePenLine size={15} /> Open draft
      </Link>
    </>
  );
  const banner = (
    <div className="banner banner--info" data-testid="version-banner">
      <strong>v{detail.version}</strong> “{detail.message}” · published by {detail.publishedBy}{' '}
      {formatWhen(detail.publishedAt)} · <code title={detail.hash}>{detail.hash.slice(0, 12)}</code>
    </div>
  );
  return <EditorShell store={store} services={services} header={header} actions={actions} banner={banner} />;
}
