import type { Problem } from '@crossroads/graph-schema';
import { useReactFlow } from '@xyflow/react';
import { AlertTriangle, CheckCircle2, ChevronDown, ChevronUp, CircleAlert } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useEditor, useEditorStore } from '../store/context.js';
import { CodeText } from '../ui/CodeText.js';

/** Every problem of the graph; clicking one selects its node and focuses the field. */
export function ProblemsPanel() {
  const store = useEditorStore();
  const problems = useEditor((s) => s.problems);
  const nodes = useEditor((s) => s.graph.nodes);
  const { setCenter, getZoom } = useReactFlow();
  const [open, setOpen] = useState(true);
  const listed = useMemo(() => onePerMessage(problems), [problems]);
  const errors = listed.filter((p) => p.severity === 'error').length;
  const warnings = listed.length - errors;

  const go = (p: Problem) => {
    store.getState().focusProblem(p);
    const node = p.nodeId ? nodes.find((n) => n.id === p.nodeId) : undefined;
    const size = node ? store.getState().sizes[node.id] : undefined;
    if (node)
      setCenter(node.position.x + (size?.width ?? 260) / 2, node.position.y + (size?.height ?? 90) / 2, {
        zoom: Math.max(getZoom(), 0.8),
        duration: 300,
      });
  };

  return (
    <section className={`problems${open ? ' is-open' : ''}`} data-testid="problems-panel">
      <button type="button" className="problems__bar" onClick={() => setOpen((o) => !o)}>
        {problems.length === 0 ? (
          <span className="problems__ok">
            <CheckCircle2 size={14} /> No problems: ready to publish
          </span>
        ) : (
          <span className="problems__counts">
            {errors > 0 && (
              <span className="is-error">
                <CircleAlert size={14} /> {errors} error{errors === 1 ? '' : 's'}
              </span>
            )}
            {warnings > 0 && (
              <span className="is-warning">
                <AlertTriangle size={14} /> {warnings} warning{warnings === 1 ? '' : 's'}
              </span>
            )}
          </span>
        )}
        {problems.length > 0 && (open ? <ChevronDown size={14} /> : <ChevronUp size={14} />)}
      </button>
      {open && problems.length > 0 && (
        <ul className="problems__list">
          {listed.slice(0, 200).map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id and may repeat
            <li key={i}>
              <button
                type="button"
                className={`problem is-${p.severity}`}
                onClick={() => go(p)}
                data-testid="problem"
                data-code={p.code}
                title={p.message}
              >
                {p.severity === 'error' ? (
                  <CircleAlert size={14} aria-label="Error" />
                ) : (
                  <AlertTriangle size={14} aria-label="Warning" />
                )}
                <span className="problem__msg">
                  <CodeText text={p.message} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Messages name their step; a problem reported at several places of one field is listed once. */
function onePerMessage(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.nodeId ?? ''}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
