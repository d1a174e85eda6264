import { enumValues } from '../classify.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/** Few values: a segmented switch; many: a select. */
export function EnumField({ schema, value, onChange, id }: FieldProps<unknown>) {
  const { root, readOnly } = useForm();
  const options = enumValues(schema, root);
  const index = options.findIndex((o) => o.value === value);
  if (options.length <= 4) {
    return (
      <div className="segmented">
        {options.map((o, i) => (
          <button
            key={String(o.value)}
            type="button"
            aria-pressed={i === index}
            className={i === index ? 'is-on' : ''}
            disabled={readOnly}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
    );
  }
  return (
    <select
      id={id}
      aria-labelledby={id ? `${id}-label` : undefined}
      value={index}
      disabled={readOnly}
      onChange={(e) => onChange(options[Number(e.target.value)]?.value)}
    >
      {index < 0 && <option value={-1}>Choose…</option>}
      {options.map((o, i) => (
        <option key={String(o.value)} value={i}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
