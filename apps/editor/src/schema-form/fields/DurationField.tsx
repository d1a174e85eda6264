import { describeDuration } from '../duration.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

const PRESETS = ['PT1H', 'PT4H', 'P1D', 'P2D', 'P3D', 'P7D'];

/** An ISO-8601 duration with its meaning spelled out ("P2D = 2 days") and quick presets. */
export function DurationField({ value, onChange }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const text = typeof value === 'string' ? value : '';
  const meaning = text ? describeDuration(text) : null;
  return (
    <div className="duration">
      <div className="duration__row">
        <input
          type="text"
          className="mono"
          value={text}
          readOnly={readOnly}
          placeholder="P2D"
          onChange={(e) => onChange(e.target.value.toUpperCase())}
          aria-invalid={text !== '' && !meaning}
        />
        <span className={`duration__hint${text && !meaning ? ' is-bad' : ''}`}>
          {meaning ?? (text ? 'Not an ISO-8601 duration (e.g. PT30M, P2D)' : 'e.g. PT30M, P2D')}
        </span>
      </div>
      {!readOnly && (
        <div className="duration__presets">
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className={`chip chip--small${p === text ? ' is-on' : ''}`}
              onClick={() => onChange(p)}
            >
              {describeDuration(p)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
