import { Plus, Trash2 } from 'lucide-react';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/** A string → string map (routing tables): editable rows. */
export function MapField({ value, onChange }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const entries = Object.entries(
    value && typeof value === 'object' ? (value as Record<string, unknown>) : {},
  );
  const write = (next: Array<[string, unknown]>) => onChange(Object.fromEntries(next));
  return (
    <div className="map">
      {entries.map(([k, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: keys are being edited, so they cannot be React keys
        <div className="map__row" key={i}>
          <input
            value={k}
            readOnly={readOnly}
            aria-label="Key"
            onChange={(e) => write(entries.map((en, j) => (j === i ? [e.target.value, en[1]] : en)))}
          />
          <span className="map__arrow">→</span>
          <input
            value={String(v ?? '')}
            readOnly={readOnly}
            aria-label="Value"
            onChange={(e) => write(entries.map((en, j) => (j === i ? [en[0], e.target.value] : en)))}
          />
          {!readOnly && (
            <button
              type="button"
              className="icon-btn icon-btn--ghost"
              onClick={() => write(entries.filter((_, j) => j !== i))}
              title="Remove"
            >
              <Trash2 size={14} />
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="btn btn--small btn--dashed"
          onClick={() => write([...entries, [`key${entries.length + 1}`, '']])}
        >
          <Plus size={14} /> Add row
        </button>
      )}
    </div>
  );
}
