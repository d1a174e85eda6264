import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/** Picks a named segment of the workspace; free text when the workspace has none yet. */
export function SegmentField({ value, onChange, id }: FieldProps<unknown>) {
  const { segments, readOnly } = useForm();
  const name = typeof value === 'string' ? value : '';
  if (segments.length === 0) {
    return (
      <input
        id={id}
        type="text"
        value={name}
        readOnly={readOnly}
        placeholder="segment-name"
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const known = segments.some((s) => s.name === name);
  const chosen = segments.find((s) => s.name === name);
  return (
    <div>
      <select id={id} value={name} disabled={readOnly} onChange={(e) => onChange(e.target.value)}>
        {!known && <option value={name}>{name ? `${name} (unknown)` : 'Choose a segment…'}</option>}
        {segments.map((s) => (
          <option key={s.id} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>
      {chosen?.description && <div className="field__help">{chosen.description}</div>}
    </div>
  );
}
