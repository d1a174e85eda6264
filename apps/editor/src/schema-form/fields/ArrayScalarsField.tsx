import type { JsonSchema } from '@crossroads/api';
import { Plus, X } from 'lucide-react';
import { useState } from 'react';
import { enumValues } from '../classify.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/** Values picked from a fixed set (days of the week): toggle chips. */
export function EnumChipsField({ schema, value, onChange }: FieldProps<unknown>) {
  const { root, readOnly } = useForm();
  const chosen = Array.isArray(value) ? value : [];
  const options = enumValues(schema.items as JsonSchema, root);
  return (
    <div className="chips">
      {options.map(({ value: v, label }) => {
        const on = chosen.includes(v);
        return (
          <button
            key={String(v)}
            type="button"
            className={`chip${on ? ' is-on' : ''}`}
            aria-pressed={on}
            disabled={readOnly}
            // Keep the schema's order (mon..sun) whatever order they were clicked in.
            onClick={() =>
              onChange(options.map((o) => o.value).filter((o) => (o === v ? !on : chosen.includes(o))))
            }
          >
            {label}
          </button>
        );
      })}
    </div>
  );
}

/** Free-form strings or numbers (a pool of reps, signal paths): removable tags plus an input. */
export function ArrayScalarsField({ schema, value, onChange }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const items = Array.isArray(value) ? value : [];
  const [draft, setDraft] = useState('');
  const numeric =
    (schema.items as JsonSchema | undefined)?.type === 'number' ||
    (schema.items as JsonSchema | undefined)?.type === 'integer';
  const add = () => {
    const text = draft.trim();
    if (!text) return;
    onChange([...items, numeric ? Number(text) : text]);
    setDraft('');
  };
  return (
    <div className="tags">
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: plain values may repeat
        <span className="tag" key={i}>
          {String(item)}
          {!readOnly && (
            <button
              type="button"
              onClick={() => onChange(items.filter((_, j) => j !== i))}
              aria-label={`Remove ${String(item)}`}
            >
              <X size={12} />
            </button>
          )}
        </span>
      ))}
      {!readOnly && (
        <span className="tags__add">
          <input
            value={draft}
            aria-label={`Add to ${(schema.title ?? 'the list').toLowerCase()}`}
            placeholder="Add…"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" className="icon-btn icon-btn--ghost" onClick={add} title="Add">
            <Plus size={14} />
          </button>
        </span>
      )}
    </div>
  );
}
