import { useEffect, useRef, useState } from 'react';
import { monaco } from '../../monaco/setup.js';

/**
 * Monaco's side-by-side diff editor over two texts (read-only). Loaded lazily through `JsonDiff`,
 * from the locally bundled Monaco like every other editor in the app.
 */
export default function MonacoDiff({ original, modified }: { original: string; modified: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [changes, setChanges] = useState<number | null>(null);
  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.createDiffEditor(host.current, {
      theme: 'crossroads',
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12.5,
      scrollBeyondLastLine: false,
    });
    const a = monaco.editor.createModel(original, 'json');
    const b = monaco.editor.createModel(modified, 'json');
    editor.setModel({ original: a, modified: b });
    // The diff is computed in the editor worker; when it lands, jump to the first change.
    const sub = editor.onDidUpdateDiff(() => {
      const lines = editor.getLineChanges() ?? [];
      setChanges(lines.length);
      const first = lines[0];
      if (first) editor.getModifiedEditor().revealLineInCenter(Math.max(1, first.modifiedStartLineNumber));
    });
    return () => {
      sub.dispose();
      editor.dispose();
      a.dispose();
      b.dispose();
    };
  }, [original, modified]);
  return (
    <div className="monaco-diff-wrap">
      <div className="monaco-diff-bar muted" data-testid="json-diff-count">
        {changes === null ? 'Comparing…' : `${changes} changed block${changes === 1 ? '' : 's'}`}
      </div>
      <div ref={host} className="monaco-diff-host" data-testid="json-diff" data-changes={changes ?? ''} />
    </div>
  );
}
