import { useEffect, useState } from 'react';
import {
  DURATION_UNITS,
  type DurationUnit,
  describeDuration,
  joinDuration,
  splitDuration,
} from '../duration.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

const PRESETS = ['PT1H', 'PT4H', 'P1D', 'P2D', 'P3D', 'P7D'];

/**
 * A duration as a number and a unit (minutes, hours, days, weeks); the graph stores the ISO-8601
 * text the schema expects (`P2D`), which nobody has to type. A duration the two boxes cannot hold
 * (months, seconds) is shown in words and kept until changed.
 */
export function DurationField({ value, onChange, id }: FieldProps<unknown>) {
  const { readOnly } = useForm();
  const text = typeof value === 'string' ? value : '';
  const split = text ? splitDuration(text) : null;
  // The number box may be empty or 0 while typing; the graph keeps the last whole duration.
  const [amount, setAmount] = useState(split ? String(split.amount) : '');
  const [unit, setUnit] = useState<DurationUnit>(split?.unit ?? 'days');
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows changes from outside (undo) only
  useEffect(() => {
    const next = text ? splitDuration(text) : null;
    if (next && joinDuration(Number(amount), unit) !== text) {
      setAmount(String(next.amount));
      setUnit(next.unit);
    }
  }, [text]);
  const write = (nextAmount: string, nextUnit: DurationUnit) => {
    setAmount(nextAmount);
    setUnit(nextUnit);
    const n = Number(nextAmount);
    if (nextAmount !== '' && Number.isInteger(n) && n > 0) onChange(joinDuration(n, nextUnit));
  };
  const n = Number(amount);
  const bad = amount === '' || !Number.isInteger(n) || n <= 0;
  const custom = text !== '' && !split;
  return (
    <div className="duration">
      <div className="duration__row">
        <input
          id={id}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          className="duration__amount"
          value={amount}
          readOnly={readOnly}
          aria-labelledby={id ? `${id}-label` : undefined}
          aria-invalid={bad && !custom}
          onChange={(e) => write(e.target.value, unit)}
        />
        <select
          aria-label="Unit"
          value={unit}
          disabled={readOnly}
          onChange={(e) => write(amount, e.target.value as DurationUnit)}
        >
          {DURATION_UNITS.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        {custom && <span className="duration__hint">Now: {describeDuration(text) ?? text}</span>}
        {bad && !custom && <span className="duration__hint is-bad">Enter a whole number above zero</span>}
      </div>
      {!readOnly && (
        <div className="duration__presets">
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className={`chip chip--small${p === text ? ' is-on' : ''}`}
              aria-pressed={p === text}
              onClick={() => {
                const s = splitDuration(p);
                if (s) {
                  setAmount(String(s.amount));
                  setUnit(s.unit);
                }
                onChange(p);
              }}
            >
              {describeDuration(p)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
