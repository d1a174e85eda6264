import type { WorkflowDetail } from '@crossroads/api';
import { canonicalJson, type Graph } from '@crossroads/graph-schema';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../api/client.js';
import { useSession } from '../app/session.js';
import { rememberWorkflowName } from '../app/title.js';
import type { EditorStore } from '../store/createEditorStore.js';
import { type Autosave, startAutosave } from './autosave.js';
import { createCollabStore } from './autosaveCollab.js';
import { pendingEdits } from './autosavePending.js';
import { ConflictBanner } from './ConflictBanner.js';
import { ConflictDialog } from './ConflictDialog.js';
import { type CollabContextValue, CollabProvider } from './collabContext.js';
import { PresenceAvatars, PresenceOnCanvas } from './PresenceAvatars.js';
import { SaveStatus } from './SaveStatus.js';

/** How often a visible tab checks in (presence, drafts saved elsewhere, replaced changes). */
export const HEARTBEAT_MS = 3000;

const same = (a: Graph, b: Graph) => canonicalJson(a) === canonicalJson(b);

/**
 * Everything a draft canvas needs to be worked on safely by several people and tabs: autosave
 * that merges, presence, the both-sides dialog, notices of replaced changes, edits kept in this
 * browser across a revoked key or a closed tab. Returns the pieces for the page's header, banner
 * area, overlay and canvas, and `saveNow` for Ctrl+S and publishing.
 */
export function useDraftCollaboration({
  store,
  workflow,
  api,
  canEdit,
}: {
  store: EditorStore;
  workflow: Pick<WorkflowDetail, 'id' | 'draft' | 'draftRevision'>;
  api: ApiClient;
  canEdit: boolean;
}) {
  const { me, signInAgain } = useSession();
  const [autosave, setAutosave] = useState<Autosave | null>(null);

  useEffect(() => {
    const collab = createCollabStore();
    let base: { graph: Graph; revision: number } | undefined;
    const pending = canEdit ? pendingEdits.read(workflow.id) : null;
    if (pending && !same(pending.graph, workflow.draft)) {
      // Edits this browser kept (a revoked key, a closed tab): back on the canvas, saved at once,
      // merged from the revision they started at.
      const temporal = store.temporal.getState();
      temporal.pause();
      store.setState({ graph: pending.graph });
      temporal.resume();
      base = { graph: workflow.draft, revision: Math.min(pending.baseRevision, workflow.draftRevision) };
      collab.setState({ restoredAt: pending.at });
    } else if (pending) {
      pendingEdits.clear(workflow.id);
    }
    const engine = startAutosave(store, api, workflow.id, {
      collab,
      heartbeatMs: HEARTBEAT_MS,
      ...(base ? { base } : {}),
      ...(canEdit ? { pendingName: () => store.getState().graph.name } : {}),
    });
    setAutosave(engine);
    return () => {
      void engine.flush();
      engine.stop();
    };
  }, [store, api, workflow, canEdit]);

  const name = useStore(store, (s) => s.graph.name);
  useEffect(() => rememberWorkflowName(workflow.id, name), [workflow.id, name]);

  const saveNow = useCallback(async () => {
    await autosave?.flush();
  }, [autosave]);
  const value = useMemo<CollabContextValue | null>(
    () => (autosave ? { autosave, me: { keyId: me.keyId, name: me.keyName }, signInAgain } : null),
    [autosave, me, signInAgain],
  );
  const within = (node: ReactNode) => (value ? <CollabProvider value={value}>{node}</CollabProvider> : null);

  return {
    saveNow,
    /** Save status and who else is here, for the header. */
    status: within(
      <>
        <SaveStatus />
        <PresenceAvatars />
      </>,
    ),
    banner: within(<ConflictBanner />),
    overlay: within(<ConflictDialog />),
    canvasOverlay: within(<PresenceOnCanvas />),
  };
}
