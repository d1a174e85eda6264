import { Copy, MousePointerClick, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import { NodeIcon } from '../canvas/NodeIcon.js';
import { EMPTY_DICTIONARY } from '../conditions/dictionary.js';
import { useServices } from '../editor/services.js';
import { SchemaForm } from '../schema-form/SchemaForm.js';
import { useEditor, useEditorStore } from '../store/context.js';
import { configErrors } from './configErrors.js';
import { focusField } from './focusField.js';
import { SchedulePreviewPanel } from './SchedulePreviewPanel.js';
import { useFormDrafts } from './useFormDrafts.js';

/** The selected step: label, owner, notes and its config form. */
export function Inspector() {
  const selected = useEditor((s) => s.selectedNodeIds);
  if (selected.length === 0) {
    return (
      <div className="panel-empty">
        <MousePointerClick size={22} />
        <p>Select a step to edit it.</p>
        <p className="muted">
          Drag steps from the left, connect outputs to inputs. Shift-drag selects several.
        </p>
      </div>
    );
  }
  if (selected.length > 1) return <MultiSelection count={selected.length} />;
  return <NodeInspector key={selected[0]} nodeId={selected[0] as string} />;
}

function MultiSelection({ count }: { count: number }) {
  const store = useEditorStore();
  const readOnly = useEditor((s) => s.readOnly);
  return (
    <div className="panel-empty">
      <p>
        <strong>{count} steps</strong> selected
      </p>
      {!readOnly && (
        <div className="row-gap">
          <button type="button" className="btn" onClick={() => store.getState().duplicate()}>
            <Copy size={14} /> Duplicate
          </button>
          <button
            type="button"
            className="btn btn--danger"
            onClick={() => store.getState().deleteSelection()}
          >
            <Trash2 size={14} /> Delete
          </button>
        </div>
      )}
    </div>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  const store = useEditorStore();
  const node = useEditor((s) => s.graph.nodes.find((n) => n.id === nodeId));
  const catalog = useEditor((s) => s.catalog);
  const readOnly = useEditor((s) => s.readOnly);
  const problems = useEditor((s) => s.problems);
  const focusPath = useEditor((s) => s.focusPath);
  const { segments, preview, dictionary } = useServices();
  const drafts = useFormDrafts(nodeId);
  const ref = useRef<HTMLDivElement>(null);
  const errors = useMemo(() => configErrors(problems, nodeId), [problems, nodeId]);
  const nodeProblems = useMemo(
    () => problems.filter((p) => p.nodeId === nodeId && !/\.config/.test(p.path)),
    [problems, nodeId],
  );

  useEffect(() => {
    if (focusPath === null || !ref.current) return;
    // Monaco and lazy fields mount a moment later.
    const timer = setTimeout(() => ref.current && focusField(ref.current, focusPath), 80);
    return () => clearTimeout(timer);
  }, [focusPath]);

  if (!node) return null;
  const entry = catalog.get(node.type, node.version);
  const patch = (p: Parameters<ReturnType<typeof store.getState>['patchNode']>[1]) =>
    store.getState().patchNode(nodeId, p);
  return (
    <div className="inspector" ref={ref} data-testid="inspector">
      <header className="inspector__head">
        <span
          className="inspector__icon"
          style={{ background: `${entry?.color ?? '#64748b'}1f`, color: entry?.color }}
        >
          <NodeIcon name={entry?.icon} size={18} />
        </span>
        <div>
          <h2>{entry?.title ?? node.type}</h2>
          <p className="muted">{entry?.description ?? `Unknown node type ${node.type} v${node.version}`}</p>
        </div>
      </header>
      {nodeProblems.length > 0 && (
        <ul className="inspector__problems">
          {uniqueMessages(nodeProblems).map((p) => (
            <li key={`${p.code}${p.path}${p.message}`} className={`is-${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <section className="inspector__section">
        <div className="field">
          <label className="field__label" htmlFor={`${nodeId}-label`}>
            Label
          </label>
          <input
            id={`${nodeId}-label`}
            value={node.label ?? ''}
            readOnly={readOnly}
            placeholder={entry?.title}
            onChange={(e) => patch({ label: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${nodeId}-owner`}>
            Owner
          </label>
          <input
            id={`${nodeId}-owner`}
            value={node.owner ?? ''}
            readOnly={readOnly}
            placeholder="Who looks after this step"
            onChange={(e) => patch({ owner: e.target.value })}
          />
        </div>
      </section>
      <section className="inspector__section">
        <h3 className="section-title">Configuration</h3>
        {entry ? (
          <SchemaForm
            schema={entry.configSchema}
            value={node.config}
            onChange={(config) =>
              store.getState().updateConfig(nodeId, (config ?? {}) as Record<string, unknown>)
            }
            readOnly={readOnly}
            segments={segments}
            dictionary={dictionary ?? EMPTY_DICTIONARY}
            nodeId={nodeId}
            drafts={drafts}
            errors={errors}
            modelKey={nodeId}
            preview={preview}
          />
        ) : (
          <p className="muted">
            This node type is not installed, so its configuration cannot be edited here.
          </p>
        )}
      </section>
      {node.type === 'trigger' && <SchedulePreviewPanel nodeId={nodeId} />}
      <section className="inspector__section">
        <div className="field">
          <label className="field__label" htmlFor={`${nodeId}-notes`}>
            Notes
          </label>
          <textarea
            id={`${nodeId}-notes`}
            rows={3}
            value={node.notes ?? ''}
            readOnly={readOnly}
            placeholder="Why this step exists, links, caveats"
            onChange={(e) => patch({ notes: e.target.value })}
          />
        </div>
        <div className="inspector__id muted">
          id <code>{node.id}</code> · {node.type} v{node.version}
        </div>
      </section>
    </div>
  );
}

/** The same message once (a problem may be reported for several paths of one field). */
function uniqueMessages<T extends { message: string }>(problems: readonly T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
}
