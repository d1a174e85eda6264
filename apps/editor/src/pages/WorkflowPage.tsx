import type { VersionSummary, WorkflowDetail } from '@crossroads/api';
import { Activity, ChevronRight, FlaskConical, History, Rocket } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { Link, paths } from '../app/router.js';
import { useSession } from '../app/session.js';
import { EditorShell } from '../editor/EditorShell.js';
import { startLiveValidation } from '../editor/liveValidation.js';
import { PublishDialog } from '../editor/PublishDialog.js';
import { useDraftCollaboration } from '../editor/useDraftCollaboration.js';
import { useEditorEnvironment } from '../editor/useEditorEnvironment.js';
import { operatePaths } from '../operate/shell/operatePaths.js';
import { createEditorStore, type EditorStore } from '../store/createEditorStore.js';
import { messageOf } from '../ui/errorMessage.js';
import { StatusPill } from '../ui/StatusPill.js';
import { LoadingPage } from './LoadingPage.js';

/** `/workflows/:id`: the draft canvas with autosave and publish. */
export function WorkflowPage({ id }: { id: string }) {
  const { api, canEdit } = useSession();
  const env = useEditorEnvironment(api);
  const [workflow, setWorkflow] = useState<WorkflowDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.getWorkflow(id).then(setWorkflow, (e: unknown) => setError(messageOf(e)));
  }, [api, id]);

  const store = useMemo(
    () =>
      env && workflow
        ? createEditorStore({
            graph: workflow.draft,
            catalog: env.catalog,
            readOnly: !canEdit,
            revision: workflow.draftRevision,
          })
        : null,
    [env, workflow, canEdit],
  );
  if (error) return <LoadingPage error={error} />;
  if (!store || !env || !workflow) return <LoadingPage />;
  return <DraftEditor store={store} workflow={workflow} env={env} />;
}

function DraftEditor({
  store,
  workflow,
  env,
}: {
  store: EditorStore;
  workflow: WorkflowDetail;
  env: NonNullable<ReturnType<typeof useEditorEnvironment>>;
}) {
  const { api, canPublish, canEdit } = useSession();
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<VersionSummary | null>(null);
  const name = useStore(store, (s) => s.graph.name);
  const errorCount = useStore(store, (s) => s.problems.filter((p) => p.severity === 'error').length);
  const listedName = useRef(workflow.name);

  useEffect(() => startLiveValidation(store, { dictionary: env.dictionary }), [store, env.dictionary]);
  // Autosave that merges with others' edits, presence, conflicts, edits kept across a revoked key.
  const collab = useDraftCollaboration({ store, workflow, api, canEdit });
  const { saveNow } = collab;
  const services = useMemo(
    () => ({ segments: env.segments, dictionary: env.dictionary, preview: env.preview, saveNow }),
    [env, saveNow],
  );

  const header = (
    <>
      <Link href={paths.list()} className="crumb crumb--link">
        Journeys
      </Link>
      <ChevronRight size={14} className="crumb__sep" />
      <input
        className="title-input"
        value={name}
        readOnly={!canEdit}
        onChange={(e) => store.getState().renameGraph(e.target.value)}
        // The list shows the workflow's own name: keep it in step with the graph's.
        onBlur={() => {
          const next = store.getState().graph.name.trim();
          if (canEdit && next && next !== listedName.current) {
            listedName.current = next;
            api.rename(workflow.id, next).catch(() => undefined);
          }
        }}
        aria-label="Journey name"
        size={Math.max(12, name.length)}
      />
      <StatusPill status={workflow.status} activeVersion={workflow.activeVersion} />
      {collab.status}
    </>
  );
  const latest = published?.version ?? workflow.latestVersion;
  const actions = (
    <>
      <Link href={operatePaths.simulate(workflow.id)} className="btn btn--ghost" data-testid="open-simulate">
        <FlaskConical size={15} /> Simulate
      </Link>
      <Link href={operatePaths.live(workflow.id)} className="btn btn--ghost" data-testid="open-live">
        <Activity size={15} /> Live
      </Link>
      <Link href={operatePaths.versions(workflow.id)} className="btn btn--ghost" data-testid="open-versions">
        <History size={15} /> Versions
      </Link>
      {latest ? (
        <Link
          href={paths.version(workflow.id, latest)}
          className="btn btn--ghost"
          title="Open the latest published version"
        >
          <History size={15} /> v{latest}
        </Link>
      ) : null}
      {canPublish && (
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setPublishing(true)}
          data-testid="publish"
          disabled={errorCount > 0}
          title={
            errorCount > 0
              ? `Fix the ${errorCount === 1 ? 'error' : `${errorCount} errors`} under the canvas first`
              : undefined
          }
        >
          <Rocket size={15} /> Publish
        </button>
      )}
    </>
  );
  const banner = (
    <>
      {collab.banner}
      {!canEdit && (
        <div className="banner banner--info">Read-only: your key can view journeys but not change them.</div>
      )}
      {published && (
        <div className="banner banner--success" role="status" data-testid="published-banner">
          Published version {published.version}.{' '}
          <Link href={paths.version(workflow.id, published.version)}>Open v{published.version}</Link>
          <button type="button" className="link-btn" onClick={() => setPublished(null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
  const overlay = (
    <>
      {collab.overlay}
      {publishing && (
        <PublishDialog
          workflowId={workflow.id}
          onClose={() => setPublishing(false)}
          onPublished={(v) => {
            setPublishing(false);
            setPublished(v);
          }}
        />
      )}
    </>
  );
  return (
    <EditorShell
      store={store}
      services={services}
      header={header}
      actions={actions}
      banner={banner}
      overlay={overlay}
      canvasOverlay={collab.canvasOverlay}
    />
  );
}
