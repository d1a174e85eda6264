import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

export function StringField({ schema, value, onChange, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const example = /e\.g\.\s*([^,;)]+)/.exec(schema.description ?? '')?.[1];
  return (
    <input
      id={id}
      type="text"
      value={typeof value === 'string' ? value : ''}
      readOnly={readOnly}
      placeholder={example ?? ''}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function TextField({ value, onChange, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  return (
    <textarea
      id={id}
      rows={3}
      value={typeof value === 'string' ? value : ''}
      readOnly={readOnly}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function TimeField({ value, onChange, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  return (
    <input
      id={id}
      type="time"
      value={typeof value === 'string' ? value : ''}
      readOnly={readOnly}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function NumberField({ schema, value, onChange, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  return (
    <input
      id={id}
      type="number"
      value={typeof value === 'number' ? value : ''}
      readOnly={readOnly}
      {...(schema.minimum !== undefined ? { min: schema.minimum } : {})}
      {...(schema.maximum !== undefined ? { max: schema.maximum } : {})}
      step={schema.type === 'integer' ? 1 : 'any'}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

export function BooleanField({
  value,
  onChange,
  description,
  id,
}: FieldProps<unknown> & { description?: string | undefined }) {
  const { readOnly } = useForm();
  return (
    <label className="switch">
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="switch__track" />
      {description && <span className="switch__text">{description}</span>}
    </label>
  );
}

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** An IANA time zone, with the browser's list as suggestions. */
export function TimezoneField({ value, onChange, path, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const listId = `zones-${path}`;
  return (
    <>
      <input
        id={id}
        type="text"
        list={listId}
        value={typeof value === 'string' ? value : ''}
        readOnly={readOnly}
        placeholder="Europe/Berlin"
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {['UTC', ...ZONES].map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  );
}
