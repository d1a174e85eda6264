import { X } from 'lucide-react';
import { useState } from 'react';
import type { Condition, FieldType, Scalar } from '../conditions/model.js';
import { operator } from '../conditions/operators.js';

interface ValueProps {
  condition: Condition;
  type: FieldType;
  /** Known text values of the field (an enumeration), offered as choices. */
  choices: readonly string[];
  label: string;
  disabled: boolean;
  onChange(value: unknown): void;
}

/** Text typed into a value box, as the value the rule compares with (numbers for number fields). */
function parse(text: string, type: FieldType): Scalar | undefined {
  if (text === '') return undefined;
  if (type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  return text;
}

function ScalarInput({
  value,
  type,
  choices,
  label,
  disabled,
  onChange,
}: {
  value: unknown;
  type: FieldType;
  choices: readonly string[];
  label: string;
  disabled: boolean;
  onChange(v: unknown): void;
}) {
  if (type === 'boolean' || typeof value === 'boolean') {
    return (
      <select
        aria-label={label}
        value={value === undefined ? '' : String(value)}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
      >
        {value === undefined && <option value="">Choose…</option>}
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  const listId = choices.length ? `values-${label.replace(/\W+/g, '-')}` : undefined;
  return (
    <>
      <input
        className="cb-value"
        aria-label={label}
        type={type === 'number' ? 'number' : type === 'date' ? 'date' : 'text'}
        step={type === 'number' ? 'any' : undefined}
        list={listId}
        value={value === undefined ? '' : String(value)}
        disabled={disabled}
        placeholder={type === 'number' ? '0' : (choices[0] ?? 'value')}
        onChange={(e) => onChange(parse(e.target.value, type))}
      />
      {listId && (
        <datalist id={listId}>
          {choices.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** Several values ("is one of"): chips, Enter or comma adds, Backspace on an empty box removes. */
function ListInput({ value, type, choices, label, disabled, onChange }: ValueProps & { value: unknown }) {
  const items = Array.isArray(value) ? (value as Scalar[]) : [];
  const [draft, setDraft] = useState('');
  const listId = choices.length ? `values-${label.replace(/\W+/g, '-')}` : undefined;
  const add = () => {
    const v = parse(draft.trim(), type);
    if (v !== undefined && !items.includes(v)) onChange([...items, v]);
    setDraft('');
  };
  const remove = (i: number) => {
    const next = items.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  return (
    <span className="cb-list">
      {items.map((item, i) => (
        <span className="tag" key={String(item)}>
          {String(item)}
          {!disabled && (
            <button
              type="button"
              onClick={() => remove(i)}
              aria-label={`Remove ${String(item)} from ${label}`}
            >
              <X size={12} />
            </button>
          )}
        </span>
      ))}
      <input
        className="cb-value"
        aria-label={`${label}: type a value and press Enter`}
        type={type === 'number' ? 'number' : 'text'}
        list={listId}
        value={draft}
        disabled={disabled}
        placeholder={items.length ? 'add…' : (choices[0] ?? 'value')}
        onChange={(e) => {
          const text = e.target.value;
          // Picking from the suggestions adds at once.
          if (choices.includes(text) && !items.includes(text)) {
            onChange([...items, text]);
            setDraft('');
          } else setDraft(text);
        }}
        onBlur={() => draft && add()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && draft === '' && items.length) remove(items.length - 1);
        }}
      />
      {listId && (
        <datalist id={listId}>
          {choices.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      )}
    </span>
  );
}

/** The value part of a condition, with the input its operator and field type call for. */
export function ValueInput(props: ValueProps) {
  const { condition, type, label, disabled, onChange } = props;
  const shape = operator(condition.op).shape;
  const v = condition.value;
  switch (shape) {
    case 'none':
      return null;
    case 'list':
      return <ListInput {...props} value={v} />;
    case 'range': {
      const [low, high] = Array.isArray(v) ? v : [undefined, undefined];
      const set = (i: 0 | 1, x: unknown) => {
        const next = [low, high];
        next[i] = x;
        onChange(next);
      };
      return (
        <span className="cb-range">
          <ScalarInput {...props} value={low} label={`${label}, from`} onChange={(x) => set(0, x)} />
          <span className="cb-word">and</span>
          <ScalarInput {...props} value={high} label={`${label}, to`} onChange={(x) => set(1, x)} />
        </span>
      );
    }
    case 'days':
      return (
        <span className="cb-days">
          <input
            className="cb-value cb-value--short"
            aria-label={`${label}, in days`}
            type="number"
            min={0}
            step={1}
            value={typeof v === 'number' ? v : ''}
            disabled={disabled}
            onChange={(e) => {
              const n = Number(e.target.value);
              onChange(e.target.value !== '' && Number.isInteger(n) && n >= 0 ? n : undefined);
            }}
          />
          <span className="cb-word">{condition.op === 'olderThanDays' ? 'days ago' : 'days'}</span>
        </span>
      );
    default:
      return (
        <ScalarInput
          {...props}
          value={v}
          type={
            condition.op === 'contains' || condition.op === 'notContains' || condition.op === 'startsWith'
              ? type === 'number'
                ? 'number'
                : 'text'
              : type
          }
        />
      );
  }
}
