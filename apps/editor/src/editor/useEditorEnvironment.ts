import type { Segment } from '@crossroads/api';
import { useEffect, useState } from 'react';
import { type ApiClient, ApiError } from '../api/client.js';
import type { NodeCatalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/loadCatalog.js';
import { buildDictionary, type FieldDictionary } from '../conditions/dictionary.js';
import { fetchDictionary, KNOWN_PATHS, mergePaths } from '../data-dictionary/varPaths.js';
import { setVarPaths } from '../monaco/jsonlogicLanguage.js';
import { escapeHtml, plainRender, SAMPLE_CONTACT } from '../schema-form/plainRender.js';

export interface EditorEnvironment {
  catalog: NodeCatalog;
  segments: Segment[];
  /** The workspace's fields for the condition builder and the rule checks. */
  dictionary: FieldDictionary;
  preview(template: string, kind: 'html' | 'text'): Promise<string>;
}

/** Node types, segments and the data dictionary: what every canvas needs besides its graph. */
export function useEditorEnvironment(api: ApiClient): EditorEnvironment | null {
  const [env, setEnv] = useState<EditorEnvironment | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const [{ catalog }, segments, answer] = await Promise.all([
        loadCatalog(api),
        api.segments().then(
          (r) => r.items,
          () => [] as Segment[],
        ),
        fetchDictionary(api),
      ]);
      setVarPaths(mergePaths(KNOWN_PATHS, answer?.paths ?? []));
      const dictionary = buildDictionary(answer);
      let serverPreview = true;
      const preview = async (template: string, kind: 'html' | 'text') => {
        if (serverPreview) {
          try {
            const rendered = await api.previewTemplate({ [kind]: template });
            const out = rendered[kind] ?? '';
            return kind === 'html' ? out : escapeHtml(out);
          } catch (error) {
            // A template error is worth showing; a missing route means "render locally from now on".
            if (error instanceof ApiError && error.status === 422) {
              return `<p style="color:#b91c1c">${escapeHtml(error.message)}</p>`;
            }
            serverPreview = false;
          }
        }
        return plainRender(template, {
          contact: SAMPLE_CONTACT,
          event: { type: 'page.viewed', properties: {} },
        });
      };
      if (live) setEnv({ catalog, segments, dictionary, preview });
    })();
    return () => {
      live = false;
    };
  }, [api]);
  return env;
}
