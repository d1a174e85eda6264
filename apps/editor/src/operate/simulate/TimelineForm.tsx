import { Plus, Trash2, X } from 'lucide-react';
import { useMemo } from 'react';
import type { FieldDictionary } from '../../conditions/dictionary.js';
import { DURATION_UNITS, type DurationUnit } from '../../schema-form/duration.js';
import { FormContext, type FormContextValue } from '../../schema-form/FormContext.js';
import { EventTypeField } from '../../schema-form/fields/EventTypeField.js';
import { rowKey } from './contactForm.js';
import { rowMinutes, sortRows, type TimelineRow } from './timelineRows.js';

/** The simulator's forms render no schema fields of their own. */
const NoField = () => null;

/**
 * The timeline, one row per event: "after [number] [unit]" (0 is the start), the event picked from
 * those the workspace has seen (the trigger's picker), optional properties as name/value rows.
 * Rows keep time order; React keys keep focus on the box being typed in when a row moves.
 */
export function TimelineForm({
  rows,
  dictionary,
  onChange,
}: {
  rows: TimelineRow[];
  dictionary: FieldDictionary;
  onChange(rows: TimelineRow[]): void;
}) {
  // The event-type picker is the schema form's; it reads the dictionary from the form context.
  const form = useMemo<FormContextValue>(
    () => ({
      root: {},
      readOnly: false,
      segments: [],
      dictionary,
      errors: new Map(),
      modelKey: 'simulate',
      preview: async () => '',
      Field: NoField,
    }),
    [dictionary],
  );
  const set = (key: number, patch: Partial<TimelineRow>) =>
    onChange(sortRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r))));
  const add = () => {
    const last = rows.at(-1);
    const after = last ? (rowMinutes(last) ?? 0) + 60 : 0;
    const hours = after % 60 === 0 && after > 0;
    onChange([
      ...rows,
      {
        key: rowKey(),
        amount: String(hours ? after / 60 : after),
        unit: hours ? 'hours' : 'minutes',
        type: '',
        properties: [],
      },
    ]);
  };
  return (
    <FormContext.Provider value={form}>
      <ol className="sim-timeline" data-testid="timeline-rows">
        {rows.map((row, i) => (
          <li key={row.key} className="sim-timeline__row" data-testid="timeline-row">
            <div className="sim-timeline__when">
              <label htmlFor={`sim-after-${row.key}`}>After</label>
              <input
                id={`sim-after-${row.key}`}
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                className="duration__amount"
                value={row.amount}
                aria-invalid={rowMinutes(row) === null}
                onChange={(e) => set(row.key, { amount: e.target.value })}
              />
              <label className="sr-only" htmlFor={`sim-unit-${row.key}`}>
                Unit of event {i + 1}
              </label>
              <select
                id={`sim-unit-${row.key}`}
                value={row.unit}
                onChange={(e) => set(row.key, { unit: e.target.value as DurationUnit })}
              >
                {DURATION_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="icon-btn"
                title="Remove"
                aria-label={`Remove event ${i + 1}${row.type ? ` (${row.type})` : ''}`}
                onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
              >
                <Trash2 size={13} />
              </button>
            </div>
            <label htmlFor={`sim-event-${row.key}`}>Event {i + 1}</label>
            <EventTypeField
              id={`sim-event-${row.key}`}
              path={`events[${row.key}].type`}
              schema={{}}
              value={row.type}
              onChange={(type) => set(row.key, { type: String(type) })}
            />
            <Properties
              row={row}
              dictionary={dictionary}
              n={i + 1}
              onChange={(p) => set(row.key, { properties: p })}
            />
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn--small" onClick={add} data-testid="add-event">
        <Plus size={13} /> Add an event
      </button>
    </FormContext.Provider>
  );
}

function Properties({
  row,
  dictionary,
  n,
  onChange,
}: {
  row: TimelineRow;
  dictionary: FieldDictionary;
  n: number;
  onChange(properties: TimelineRow['properties']): void;
}) {
  const suggested = dictionary.eventTypes.find((e) => e.type === row.type)?.properties ?? [];
  const listId = `sim-props-${row.key}`;
  const set = (key: number, patch: { name?: string; text?: string }) =>
    onChange(row.properties.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  return (
    <div className="sim-props">
      {row.properties.map((p, j) => (
        <div className="sim-props__row" key={p.key}>
          <label className="sr-only" htmlFor={`sim-prop-${p.key}`}>
            Property {j + 1} of event {n}
          </label>
          <input
            id={`sim-prop-${p.key}`}
            value={p.name}
            list={suggested.length ? listId : undefined}
            placeholder="property"
            onChange={(e) => set(p.key, { name: e.target.value })}
          />
          <label className="sr-only" htmlFor={`sim-prop-value-${p.key}`}>
            Value of {p.name || `property ${j + 1}`} of event {n}
          </label>
          <input
            id={`sim-prop-value-${p.key}`}
            value={p.text}
            placeholder="value"
            onChange={(e) => set(p.key, { text: e.target.value })}
          />
          <button
            type="button"
            className="icon-btn"
            title="Remove"
            aria-label={`Remove ${p.name || `property ${j + 1}`} of event ${n}`}
            onClick={() => onChange(row.properties.filter((q) => q.key !== p.key))}
          >
            <X size={13} />
          </button>
        </div>
      ))}
      {suggested.length > 0 && (
        <datalist id={listId}>
          {suggested.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      <button
        type="button"
        className="btn btn--small btn--ghost"
        onClick={() => {
          const used = new Set(row.properties.map((p) => p.name));
          const name = suggested.find((s) => !used.has(s)) ?? '';
          onChange([...row.properties, { key: rowKey(), name, text: '' }]);
        }}
      >
        <Plus size={12} /> Property of event {n}
      </button>
    </div>
  );
}
