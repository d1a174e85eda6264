import type { JsonSchema } from '@crossroads/api';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { classify, emptyValue, resolve } from '../classify.js';
import { childPath, useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import { ObjectFields } from './ObjectFields.js';
import { UnionField } from './UnionField.js';

/** A list of objects (gate branches...): cards that can be added, removed and reordered. */
export function ArrayObjectsField({ schema, value, onChange, path }: FieldProps<unknown>) {
  const { root, readOnly } = useForm();
  const items = Array.isArray(value) ? value : [];
  const itemSchema = resolve(schema.items as JsonSchema, root);
  const isUnion = classify(itemSchema, root) === 'union';
  const replace = (i: number, v: unknown) => onChange(items.map((item, j) => (j === i ? v : item)));
  const move = (i: number, by: number) => {
    const next = [...items];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    onChange(next);
  };
  const canRemove = items.length > (schema.minItems ?? 0);
  return (
    <div className="array">
      {items.map((item, i) => {
        const itemPath = childPath(path, i);
        const title = itemTitle(item, itemSchema, i);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no stable id of their own while being edited
          <div className="array__item" key={i} data-path={itemPath}>
            <div className="array__head">
              <span className="array__index">{i + 1}</span>
              <span className="array__title">{title}</span>
              {!readOnly && (
                <span className="array__tools">
                  <button
                    type="button"
                    className="icon-btn icon-btn--ghost"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    title="Move up"
                  >
                    <ArrowUp size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-btn icon-btn--ghost"
                    disabled={i === items.length - 1}
                    onClick={() => move(i, 1)}
                    title="Move down"
                  >
                    <ArrowDown size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-btn icon-btn--ghost"
                    disabled={!canRemove}
                    onClick={() => onChange(items.filter((_, j) => j !== i))}
                    title="Remove"
                  >
                    <Trash2 size={14} />
                  </button>
                </span>
              )}
            </div>
            {isUnion ? (
              <UnionField schema={itemSchema} value={item} onChange={(v) => replace(i, v)} path={itemPath} />
            ) : (
              <ObjectFields
                schema={itemSchema}
                value={item}
                onChange={(v) => replace(i, v)}
                path={itemPath}
              />
            )}
          </div>
        );
      })}
      {!readOnly && (schema.maxItems === undefined || items.length < schema.maxItems) && (
        <button
          type="button"
          className="btn btn--small btn--dashed"
          onClick={() => onChange([...items, fresh(itemSchema, root, items.length)])}
        >
          <Plus size={14} /> Add {(itemSchema.title ?? 'item').toLowerCase()}
        </button>
      )}
    </div>
  );
}

function itemTitle(item: unknown, schema: JsonSchema, i: number): string {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    for (const key of ['label', 'name', 'title', 'id'])
      if (typeof o[key] === 'string' && o[key]) return o[key] as string;
  }
  return `${schema.title ?? 'Item'} ${i + 1}`;
}

/** A new item; ids and labels get unique placeholders so the new branch is valid at once. */
function fresh(schema: JsonSchema, root: JsonSchema, n: number): unknown {
  const value = emptyValue(schema, root);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if ('id' in (schema.properties ?? {})) o.id = `branch-${n + 1}`;
    if ('label' in (schema.properties ?? {})) o.label = `Branch ${n + 1}`;
    if ('rule' in (schema.properties ?? {}) && o.rule === undefined && !o.segment) o.rule = { '==': [1, 1] };
  }
  return value;
}
