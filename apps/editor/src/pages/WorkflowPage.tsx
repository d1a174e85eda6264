import type { SchedulePreviewRequest, VersionSummary, WorkflowDetail } from '@crossroads/api';
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
import { useVersion } from '../editor/useVersion.js';
import {
  DraftBadge,
  type Lifecycle,
  LiveStatus,
  PublishedBanner,
  SegmentNotice,
} from '../editor/VersionStatus.js';
import { GuardrailBanner } from '../operate/experiments/GuardrailBanner.js';
import { operatePaths } from '../operate/shell/operatePaths.js';
import { createEditorStore, type EditorStore } from '../store/createEditorStore.js';
import { messageOf } from '../ui/errorMessage.js';
import { LoadingPage } from './LoadingPage.js';
import { VersionPage } from './VersionPage.js';

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
  // Read-only people (auditors) land on what runs: the live version, the draft one click away.
  const [view, setView] = useState<'live' | 'draft' | null>(null);
  if (error) return <LoadingPage error={error} />;
  if (!store || !env || !workflow) return <LoadingPage />;
  const live = workflow.status === 'active' ? workflow.activeVersion : null;
  if ((view ?? (!canEdit && live ? 'live' : 'draft')) === 'live' && live) {
    return <VersionPage id={id} version={live} onOpenDraft={() => setView('draft')} />;
  }
  return (
    <DraftEditor
      store={store}
      workflow={workflow}
      env={env}
      {...(!canEdit && live ? { onOpenLive: () => setView('live') } : {})}
    />
  );
}

function DraftEditor({
  store,
  workflow,
  env,
  onOpenLive,
}: {
  store: EditorStore;
  workflow: WorkflowDetail;
  env: NonNullable<ReturnType<typeof useEditorEnvironment>>;
  /** For read-only people who landed on the live version: back to it. */
  onOpenLive?: () => void;
}) {
  const { api, canPublish, canEdit } = useSession();
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<VersionSummary | null>(null);
  // Kept here, not in `workflow`: a new workflow object would make a new store (and lose edits).
  const [lifecycle, setLifecycle] = useState<Lifecycle>({
    status: workflow.status,
    activeVersion: workflow.activeVersion,
    latestVersion: workflow.latestVersion,
  });
  const liveNumber = lifecycle.status === 'active' ? lifecycle.activeVersion : null;
  const live = useVersion(workflow.id, liveNumber);
  // "Unpublished changes" is against the latest version (the live one, unless a newer one is not live).
  const newest = useVersion(
    workflow.id,
    lifecycle.latestVersion === liveNumber ? null : lifecycle.latestVersion,
  );
  const latest = lifecycle.latestVersion === liveNumber ? live : newest;
  const name = useStore(store, (s) => s.graph.name);
  const errorCount = useStore(store, (s) => s.problems.filter((p) => p.severity === 'error').length);
  const listedName = useRef(workflow.name);

  useEffect(() => startLiveValidation(store, { dictionary: env.dictionary }), [store, env.dictionary]);
  // Autosave that merges with others' edits, presence, conflicts, edits kept across a revoked key.
  const collab = useDraftCollaboration({ store, workflow, api, canEdit });
  const { saveNow } = collab;
  const services = useMemo(
    () => ({
      segments: env.segments,
      dictionary: env.dictionary,
      preview: env.preview,
      saveNow,
      previewSchedule: (input: SchedulePreviewRequest) => api.previewSchedule(workflow.id, input),
      workflowId: workflow.id,
    }),
    [env, saveNow, api, workflow.id],
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
      <LiveStatus workflowId={workflow.id} lifecycle={lifecycle} {...(onOpenLive ? { onOpenLive } : {})} />
      <DraftBadge workflowId={workflow.id} latestVersion={lifecycle.latestVersion} against={latest} />
      {collab.status}
    </>
  );
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
      <GuardrailBanner workflowId={workflow.id} status={lifecycle.status} />
      {!canEdit && (
        <div className="banner banner--info" data-testid="draft-banner">
          You are looking at the <strong>draft</strong>: work in progress that no contact runs
          {liveNumber ? ` (live is v${liveNumber})` : ''}. Read-only: your key can view journeys but not
          change them.
        </div>
      )}
      <SegmentNotice live={live} />
      {published && (
        <PublishedBanner
          workflowId={workflow.id}
          published={published}
          lifecycle={lifecycle}
          onActivated={setLifecycle}
          onDismiss={() => setPublished(null)}
        />
      )}
    </>
  );
  const overlay = (
    <>
      {collab.overlay}
      {publishing && (
        <PublishDialog
          workflowId={workflow.id}
          liveVersion={liveNumber}
          onClose={() => setPublishing(false)}
          onPublished={(v) => {
            setPublishing(false);
            setPublished(v);
            setLifecycle((l) =>
              v.active
                ? { status: 'active', activeVersion: v.version, latestVersion: v.version }
                : { ...l, latestVersion: v.version },
            );
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
      problems={canEdit}
    />
  );
}
