import { useMemo } from 'react';
import { useStore } from 'zustand';
import { draftKey, fieldDrafts } from '../editor/fieldDrafts.js';
import type { FieldDraftsApi } from '../schema-form/FormContext.js';
import { useEditorStore } from '../store/context.js';

/** The unsaved rule texts of one step (or of the settings, `nodeId` undefined) for its form. */
export function useFormDrafts(nodeId: string | undefined): FieldDraftsApi {
  const drafts = fieldDrafts(useEditorStore());
  const all = useStore(drafts, (s) => s.drafts);
  return useMemo(
    () => ({
      get: (path) => all[draftKey(nodeId, path)],
      put: (path, d) => drafts.getState().put({ ...(nodeId === undefined ? {} : { nodeId }), path, ...d }),
      drop: (path) => drafts.getState().drop(nodeId, path),
    }),
    [all, drafts, nodeId],
  );
}
