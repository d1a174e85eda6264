// Monaco bundled with the app (no CDN): the editor must work offline and on air-gapped installs.
// Only what the editor uses is imported: the core with its contributions (find, suggest, hover),
// JSON with its language service, and Liquid/HTML highlighting. Two workers ship: editor and json.
import 'monaco-editor/internal/common/workers';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/languages/definitions/liquid/register';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import { installJsonLogic } from './jsonlogicLanguage.js';

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

monaco.editor.defineTheme('crossroads', {
  base: 'vs',
  inherit: true,
  // The base theme's number green (#098658) is under 4.5:1 on our background: darker, same hue.
  rules: [
    { token: 'number', foreground: '0a6b47' },
    { token: 'number.json', foreground: '0a6b47' },
  ],
  colors: {
    'editor.background': '#fbfcfe',
    'editorLineNumber.foreground': '#b4bccb',
    'editor.lineHighlightBackground': '#f1f4f9',
  },
});

installJsonLogic(monaco, jsonDefaults);

export { monaco };
