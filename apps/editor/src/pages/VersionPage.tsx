import type { VersionDetail } from '@crossroads/api';
import { ChevronRight, FilePenLine, GitCompare, History, Lock } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { EditorShell } from '../editor/EditorShell.js';
import { startLiveValidation } from '../editor/liveValidation.js';
import { useEditorEnvironment } from '../editor/useEditorEnvironment.js';
import { operatePaths } from '../operate/shell/operatePaths.js';
import { VersionFacts } from '../operate/versions/VersionFacts.js';
import { createEditorStore } from '../store/createEditorStore.js';
import { messageOf } from '../ui/errorMessage.js';
import { LoadingPage } from './LoadingPage.js';
import '../operate/operate.css';

const noSave = async () => {};

/**
 * `/workflows/:id/versions/:n`: a published version, read-only, with who published it and why,
 * its activation history, the segment revisions it runs with and the contacts that ran on it.
 * Also what read-only people land on when they open a journey that is live (`onOpenDraft`).
 */
export function VersionPage({
  id,
  version,
  onOpenDraft,
}: {
  id: string;
  version: number;
  /** Shown as the journey's landing view: the draft opens in place. */
  onOpenDraft?: () => void;
}) {
  const { api } = useSession();
  const env = useEditorEnvironment(api);
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  const [live, setLive] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.getVersion(id, version).then(setDetail, (e: unknown) => setError(messageOf(e)));
    api.getWorkflow(id).then(
      (w) => setLive(w.status === 'active' && w.activeVersion === version),
      () => setLive(false),
    );
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
      <span className="crumb">v{detail.version}</span>
      {live ? (
        <span className="pill pill--live" data-testid="version-live">
          Live
        </span>
      ) : (
        <span className="pill">Not live</span>
      )}
      <span className="pill pill--version" title="A published version never changes">
        <Lock size={11} /> Read-only
      </span>
    </>
  );
  const actions = (
    <>
      <Link href={operatePaths.versions(id)} className="btn btn--ghost" data-testid="all-versions">
        <History size={15} /> All versions
      </Link>
      {detail.version > 1 && (
        <Link
          href={operatePaths.compare(id, detail.version - 1, detail.version)}
          className="btn btn--ghost"
          data-testid="what-changed"
        >
          <GitCompare size={15} /> Changes since v{detail.version - 1}
        </Link>
      )}
      {onOpenDraft ? (
        <button type="button" className="btn" onClick={onOpenDraft} data-testid="open-draft">
          <FilePenLine size={15} /> Draft (not live)
        </button>
      ) : (
        <Link href={paths.workflow(id)} className="btn" data-testid="open-draft">
          <FilePenLine size={15} /> Draft (not live)
        </Link>
      )}
    </>
  );
  const banner = (
    <div className="banner banner--info version-banner" data-testid="version-banner">
      <VersionFacts workflowId={id} version={detail} live={live === true} />
    </div>
  );
  return (
    <EditorShell
      store={store}
      services={services}
      header={header}
      actions={actions}
      banner={banner}
      problems={false}
    />
  );
}
