import { validateGraph } from '@crossroads/graph-schema';
import type { FieldDictionary } from '../conditions/dictionary.js';
import type { EditorStore } from '../store/createEditorStore.js';
import { exitRuleProblems } from './exitRuleProblems.js';
import { fieldDrafts } from './fieldDrafts.js';
import { draftProblems, ruleWarnings } from './ruleProblems.js';
import { splitProblems } from './splitProblems.js';

export interface LiveValidationOptions {
  delayMs?: number;
  /** The workspace's fields: rules are also checked against them (unknown fields, text for numbers). */
  dictionary?: FieldDictionary | null;
}

/**
 * Re-validates the graph with the shared `validateGraph` shortly after each change (debounced so
 * typing in a field does not validate per keystroke), adds the data dictionary's warnings on
 * rules and an error for every field text that could not be saved. Returns the unsubscribe function.
 */
export function startLiveValidation(
  store: EditorStore,
  options: LiveValidationOptions | number = {},
): () => void {
  const { delayMs = 200, dictionary = null } = typeof options === 'number' ? { delayMs: options } : options;
  const drafts = fieldDrafts(store);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    const { graph, catalog } = store.getState();
    const unsaved = draftProblems(graph, catalog, Object.values(drafts.getState().drafts));
    const checked = validateGraph(graph, catalog.registry).problems;
    const warnings = dictionary ? ruleWarnings(graph, catalog, dictionary) : [];
    store
      .getState()
      .setProblems([
        ...unsaved,
        ...checked,
        ...splitProblems(graph),
        ...exitRuleProblems(graph),
        ...warnings,
      ]);
  };
  run();
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.graph !== prev.graph) later();
  });
  const unsubscribeDrafts = drafts.subscribe(later);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    unsubscribeDrafts();
  };
}
