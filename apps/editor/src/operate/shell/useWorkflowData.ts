import type { VersionSummary as OperateVersion, WorkflowSummary } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.js';
import { type EditorEnvironment, useEditorEnvironment } from '../../editor/useEditorEnvironment.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';

export interface WorkflowData {
  workflow: WorkflowSummary & { draft: Graph };
  versions: OperateVersion[];
  env: EditorEnvironment;
  /** Loads the workflow and its versions again (after an activation, say). */
  reload(): void;
}

/** A workflow, its versions and the canvas environment: what every operate view starts from. */
export function useWorkflowData(id: string): { data: WorkflowData | null; error: string | null } {
  const { api: editorApi } = useSession();
  const api = useOperateApi();
  const env = useEditorEnvironment(editorApi);
  const [loaded, setLoaded] = useState<Omit<WorkflowData, 'env' | 'reload'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-runs the load on purpose
  useEffect(() => {
    let live = true;
    Promise.all([api.workflow(id), api.versions(id)]).then(
      ([workflow, versions]) => live && setLoaded({ workflow, versions: versions.items }),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, id, tick]);
  return { data: loaded && env ? { ...loaded, env, reload } : null, error };
}
