import { lazy, Suspense } from 'react';

/** Monaco loads on first use, so the canvas shows before the editor's few MB arrive. */
const MonacoEditor = lazy(() => import('./MonacoEditor.js'));

export interface CodeEditorProps {
  value: string;
  language: 'json' | 'liquid' | 'html' | 'plaintext';
  onChange?(value: string): void;
  /** A stable model URI; JSON schemas attach to it by `fileMatch`. */
  path?: string;
  height?: number | string;
  readOnly?: boolean;
  /** What screen readers call the editor ("Rule of branch 1 as JSONLogic"). */
  ariaLabel?: string;
}

/** A small, calm Monaco instance for code inside forms (rules, templates, the graph JSON). */
export function CodeEditor({
  value,
  language,
  onChange,
  path,
  height = 160,
  readOnly,
  ariaLabel,
}: CodeEditorProps) {
  return (
    <div className="code-editor" style={{ height }} data-testid="code-editor">
      <Suspense fallback={<div className="code-editor__loading">Loading editor…</div>}>
        <MonacoEditor
          value={value}
          language={language}
          path={path}
          readOnly={readOnly}
          onChange={onChange}
          ariaLabel={ariaLabel}
        />
      </Suspense>
    </div>
  );
}
