import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.js';
import type { Segment } from '../api/types.js';
import type { NodeCatalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/loadCatalog.js';
import { fetchWorkspacePaths, KNOWN_PATHS, mergePaths } from '../data-dictionary/varPaths.js';
import { setVarPaths } from '../monaco/jsonlogicLanguage.js';
import { plainRender, SAMPLE_CONTACT } from '../schema-form/plainRender.js';

export interface EditorEnvironment {
  catalog: NodeCatalog;
  segments: Segment[];
  preview(template: string): Promise<string>;
}

/** Node types, segments and the data dictionary: what every canvas needs besides its graph. */
export function useEditorEnvironment(api: ApiClient): EditorEnvironment | null {
  const [env, setEnv] = useState<EditorEnvironment | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const [{ catalog }, segments, workspacePaths] = await Promise.all([
        loadCatalog(api),
        api.segments().then(
          (r) => r.items,
          () => [] as Segment[],
        ),
        fetchWorkspacePaths(api),
      ]);
      setVarPaths(mergePaths(KNOWN_PATHS, workspacePaths));
      let serverPreview = true;
      const preview = async (template: string) => {
        if (serverPreview) {
          try {
            return (await api.previewTemplate(template, SAMPLE_CONTACT)).html;
          } catch {
            serverPreview = false; // route missing: render locally from now on
          }
        }
        return plainRender(template, {
          contact: SAMPLE_CONTACT,
          event: { type: 'page.viewed', properties: {} },
        });
      };
      if (live) setEnv({ catalog, segments, preview });
    })();
    return () => {
      live = false;
    };
  }, [api]);
  return env;
}
