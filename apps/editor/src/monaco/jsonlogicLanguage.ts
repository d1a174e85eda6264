import type * as Monaco from 'monaco-editor/editor/editor.api';
import type { jsonDefaults as JsonDefaults } from 'monaco-editor/languages/features/json/register';
import { jsonLogicSchema } from './jsonlogicSchema.js';

/** Rule editors use model paths under this prefix so the JSONLogic schema applies to them only. */
export const RULE_MODEL_PREFIX = 'inmemory://rules/';

let varPaths: readonly string[] = [];
let installed = false;

/** Paths offered inside `{"var": "…"}`; updated when the data dictionary loads. */
export function setVarPaths(paths: readonly string[]): void {
  varPaths = paths;
}

/**
 * Teaches Monaco's JSON mode about rules: schema validation for `inmemory://rules/*` models and
 * completion of var paths inside `"var": "…"` strings. Installed once per page.
 */
export function installJsonLogic(
  monaco: typeof Monaco,
  jsonDefaults: typeof JsonDefaults,
  extraSchemas: Array<{ uri: string; fileMatch: string[]; schema: unknown }> = [],
) {
  if (installed) return;
  installed = true;
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [
      { uri: jsonLogicSchema.$id as string, fileMatch: [`${RULE_MODEL_PREFIX}*`], schema: jsonLogicSchema },
      ...extraSchemas,
    ],
  });
  monaco.languages.registerCompletionItemProvider('json', {
    triggerCharacters: ['"', '.'],
    provideCompletionItems(model, position) {
      const before = model.getValueInRange({
        startLineNumber: position.lineNumber,
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      const match = /"var"\s*:\s*\[?\s*"([^"]*)$/.exec(before);
      if (!match) return { suggestions: [] };
      const typed = match[1] ?? '';
      const range = new monaco.Range(
        position.lineNumber,
        position.column - typed.length,
        position.lineNumber,
        position.column,
      );
      return {
        suggestions: varPaths.map((path) => ({
          label: path,
          kind: monaco.languages.CompletionItemKind.Field,
          insertText: path,
          detail: path.split('.')[0],
          range,
        })),
      };
    },
  });
}
