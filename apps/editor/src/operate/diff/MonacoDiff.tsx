import { useEffect, useRef } from 'react';
import { monaco } from '../../monaco/setup.js';

/**
 * Monaco's side-by-side diff editor over two texts (read-only). Loaded lazily through `JsonDiff`,
 * from the locally bundled Monaco like every other editor in the app.
 */
export default function MonacoDiff({ original, modified }: { original: string; modified: string }) {
  const host = useRef<HTMLDivElement>(null);
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
    return () => {
      editor.dispose();
      a.dispose();
      b.dispose();
    };
  }, [original, modified]);
  return <div ref={host} className="monaco-diff-host" data-testid="json-diff" />;
}
