import type { JsonSchema } from '@crossroads/api';
import { GATE_ELSE, GATE_ELSE_LABEL, newBranchId } from '@crossroads/nodes';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { emptyValue, resolve } from '../classify.js';
import { childPath, useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import { ObjectFields } from './ObjectFields.js';

type Branch = Record<string, unknown> & { id?: unknown; label?: unknown };

/**
 * A list of named outputs (`x-editor: 'branches'`, e.g. a gate's branches): people type each
 * branch's name and add, reorder or remove branches; each id is generated once (`newBranchId`)
 * and never shown, so the lines leaving the other branches stay attached whatever is renamed.
 */
export function BranchListField({ schema, value, onChange, path }: FieldProps<unknown>) {
  const { root, readOnly, errors } = useForm();
  const uid = useId();
  const items: Branch[] = Array.isArray(value) ? (value as Branch[]) : [];
  const itemSchema = resolve(schema.items as JsonSchema, root);
  const labelOf = (b: Branch, i: number) =>
    (typeof b.label === 'string' && b.label.trim()) || `Branch ${i + 1}`;
  const replace = (i: number, v: Branch) => onChange(items.map((item, j) => (j === i ? v : item)));
  const move = (i: number, by: number) => {
    const next = [...items];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item as Branch);
    onChange(next);
  };
  const add = () => {
    const fresh = emptyValue(itemSchema, root) as Branch;
    const taken = new Set(
      items.map((b) =>
        String(b.label ?? '')
          .trim()
          .toLowerCase(),
      ),
    );
    let n = items.length + 1;
    while (taken.has(`branch ${n}`)) n++;
    fresh.id = newBranchId([...items.map((b) => String(b.id)), GATE_ELSE]);
    fresh.label = `Branch ${n}`;
    if ('rule' in (itemSchema.properties ?? {}) && fresh.rule === undefined && !fresh.segment)
      fresh.rule = { '==': [1, 1] };
    onChange([...items, fresh]);
  };
  const canRemove = items.length > (schema.minItems ?? 0);
  return (
    <div className="branches" data-testid="branch-list">
      {items.map((item, i) => {
        const itemPath = childPath(path, i);
        const inputId = `${uid}-${i}`;
        const name = labelOf(item, i);
        const labelErrors = errors.get(childPath(itemPath, 'label'));
        return (
          <div className="branch" key={String(item.id ?? i)} data-path={itemPath}>
            <div className="branch__head">
              <label className="branch__index" htmlFor={inputId}>
                <span className="sr-only">Name of branch </span>
                {i + 1}
              </label>
              <input
                id={inputId}
                className="branch__name"
                type="text"
                value={typeof item.label === 'string' ? item.label : ''}
                readOnly={readOnly}
                placeholder="e.g. Score over 50"
                aria-invalid={labelErrors ? true : undefined}
                data-path={childPath(itemPath, 'label')}
                onChange={(e) => replace(i, { ...item, label: e.target.value })}
              />
              {!readOnly && (
                <span className="branch__tools">
                  <button
                    type="button"
                    className="icon-btn icon-btn--ghost"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={`Move ${name} up`}
                    title="Move up (checked earlier)"
                  >
                    <ArrowUp size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-btn icon-btn--ghost"
                    disabled={i === items.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Move ${name} down`}
                    title="Move down (checked later)"
                  >
                    <ArrowDown size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-btn icon-btn--ghost"
                    disabled={!canRemove}
                    onClick={() => onChange(items.filter((_, j) => j !== i))}
                    aria-label={`Remove ${name}`}
                    title="Remove this branch (and the line leaving it)"
                  >
                    <Trash2 size={14} />
                  </button>
                </span>
              )}
            </div>
            {labelErrors?.map((m) => (
              <div className="field__error" key={m}>
                {m}
              </div>
            ))}
            <ObjectFields
              schema={itemSchema}
              value={item}
              onChange={(v) => replace(i, v as Branch)}
              path={itemPath}
              hide={['id', 'label']}
            />
          </div>
        );
      })}
      <div className="branch branch--else">
        <span className="branch__index" aria-hidden="true">
          ↳
        </span>
        <span>
          Everyone else goes down <b>{GATE_ELSE_LABEL}</b>
        </span>
      </div>
      {!readOnly && (schema.maxItems === undefined || items.length < schema.maxItems) && (
        <button type="button" className="btn btn--small btn--dashed" onClick={add} data-testid="add-branch">
          <Plus size={14} /> Add branch
        </button>
      )}
    </div>
  );
}
