import { useEffect, useRef } from 'react';
import { monaco } from './setup.js';

export interface MonacoEditorProps {
  value: string;
  language: string;
  /** Model URI; JSON schemas attach to models by it. */
  path?: string | undefined;
  readOnly?: boolean | undefined;
  onChange?: ((value: string) => void) | undefined;
  ariaLabel?: string | undefined;
}

const OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  theme: 'crossroads',
  minimap: { enabled: false },
  fontSize: 12.5,
  lineNumbers: 'off',
  folding: false,
  glyphMargin: false,
  lineDecorationsWidth: 6,
  scrollBeyondLastLine: false,
  wordWrap: 'on',
  automaticLayout: true,
  tabSize: 2,
  renderLineHighlight: 'none',
  overviewRulerLanes: 0,
  scrollbar: { verticalScrollbarSize: 8, horizontalScrollbarSize: 8, alwaysConsumeMouseWheel: false },
  padding: { top: 8, bottom: 8 },
  fixedOverflowWidgets: true,
  quickSuggestions: { strings: true, other: true, comments: false },
};

/**
 * A thin React binding over the locally bundled Monaco (instead of @monaco-editor/react, whose
 * loader carries a CDN default). Follows `value` from outside without losing the cursor, and ignores
 * a stale `value` that is only an earlier text of its own.
 */
export default function MonacoEditor({
  value,
  language,
  path,
  readOnly,
  onChange,
  ariaLabel,
}: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const applying = useRef(false);
  // Texts this editor reported since the parent last caught up. A render can bring back one of them
  // after the user typed on (React renders later than keystrokes on a busy machine): that value is
  // stale, not an outside change, and applying it would drop keystrokes and move the cursor.
  const emitted = useRef<string[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once per model; value and readOnly are synced below
  useEffect(() => {
    if (!host.current) return;
    const uri = path ? monaco.Uri.parse(path) : undefined;
    monaco.editor.getModel(uri ?? monaco.Uri.parse('inmemory://none'))?.dispose();
    const model = monaco.editor.createModel(value, language, uri);
    const editor = monaco.editor.create(host.current, {
      ...OPTIONS,
      model,
      readOnly: readOnly ?? false,
      ...(ariaLabel ? { ariaLabel } : {}),
    });
    editorRef.current = editor;
    const sub = editor.onDidChangeModelContent(() => {
      if (applying.current) return;
      const text = editor.getValue();
      emitted.current.push(text);
      if (emitted.current.length > 200) emitted.current.shift();
      onChangeRef.current?.(text);
    });
    return () => {
      sub.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
  }, [path, language]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const own = emitted.current.lastIndexOf(value);
    if (own >= 0) {
      // Our own text coming back: the parent has caught up to it (forget older ones), or to an
      // earlier keystroke than the model holds now (leave the model as the user left it).
      emitted.current = emitted.current.slice(own + 1);
      return;
    }
    if (model.getValue() === value) return;
    applying.current = true;
    editor.executeEdits('external', [{ range: model.getFullModelRange(), text: value }]);
    editor.pushUndoStop();
    applying.current = false;
  }, [value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: readOnly ?? false });
  }, [readOnly]);

  return <div ref={host} className="monaco-host" data-testid="monaco" />;
}
