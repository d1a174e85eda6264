import { Graph } from '@crossroads/graph-schema';
import { useEffect, useRef, useState } from 'react';
import { CodeEditor } from '../monaco/CodeEditor.js';
import { useEditor, useEditorStore } from '../store/context.js';

/** The whole graph as JSON; edits apply as soon as the text is a valid graph. */
export function GraphJsonPanel() {
  const store = useEditorStore();
  const graph = useEditor((s) => s.graph);
  const readOnly = useEditor((s) => s.readOnly);
  const [text, setText] = useState(() => JSON.stringify(graph, null, 2));
  const [error, setError] = useState<string | null>(null);
  const applied = useRef(graph);
  useEffect(() => {
    if (graph !== applied.current) {
      applied.current = graph;
      setText(JSON.stringify(graph, null, 2));
      setError(null);
    }
  }, [graph]);
  const edit = (next: string) => {
    setText(next);
    let json: unknown;
    try {
      json = JSON.parse(next);
    } catch (e) {
      setError(`JSON: ${e instanceof Error ? e.message : 'invalid'}`);
      return;
    }
    const parsed = Graph.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`${issue?.path.join('.') || 'graph'}: ${issue?.message ?? 'not a graph'}`);
      return;
    }
    setError(null);
    applied.current = parsed.data;
    store.getState().replaceGraph(parsed.data);
  };
  return (
    <div className="json-panel" data-testid="json-panel">
      <div className={`json-panel__status${error ? ' is-bad' : ''}`}>
        {error ?? (readOnly ? 'Read-only' : 'Valid graph: edits apply as you type')}
      </div>
      <CodeEditor
        value={text}
        language="json"
        path="inmemory://graph/graph.json"
        onChange={edit}
        readOnly={readOnly}
        height="100%"
      />
    </div>
  );
}
