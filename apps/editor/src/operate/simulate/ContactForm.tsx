import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { FieldDictionary } from '../../conditions/dictionary.js';
import { fieldLabel } from '../../conditions/fieldLabel.js';
import { type ContactModel, type ContactRow, kindOf, rowKey } from './contactForm.js';

const OTHER = '\u0000other';

/**
 * The sample contact, one row per attribute: the field picked from the workspace's contact fields
 * (by label), the value edited by its type. "Another field…" names one the workspace has not seen.
 */
export function ContactForm({
  model,
  dictionary,
  onChange,
}: {
  model: ContactModel;
  dictionary: FieldDictionary;
  onChange(model: ContactModel): void;
}) {
  const fields = dictionary.fields.filter((f) => f.group === 'Contact' && f.path !== 'contact.id');
  // Fields the rows hold that the workspace has not stored yet (a fresh workspace) are offered too.
  const choices = [...fields.map((f) => ({ name: f.path.slice(8), label: f.label }))];
  for (const r of model.rows)
    if (r.field && !choices.some((c) => c.name === r.field))
      choices.push({ name: r.field, label: fieldLabel(`contact.${r.field}`) });
  const set = (key: number, patch: Partial<ContactRow>) =>
    onChange({ ...model, rows: model.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const add = () => {
    const used = new Set(model.rows.map((r) => r.field));
    const next = fields.find((f) => !used.has(f.path.slice(8)));
    const field = next ? next.path.slice(8) : '';
    onChange({
      ...model,
      rows: [...model.rows, { key: rowKey(), field, kind: kindOf(dictionary, field), text: '' }],
    });
  };
  return (
    <div className="sim-form" data-testid="contact-form">
      {model.rows.map((row, i) => (
        <div className="sim-form__row" key={row.key} data-testid="contact-row">
          <FieldPicker
            id={`sim-attr-${row.key}`}
            n={i + 1}
            row={row}
            fields={choices}
            onPick={(field) => set(row.key, { field, kind: kindOf(dictionary, field), text: row.text })}
          />
          <ValueBox
            id={`sim-value-${row.key}`}
            row={row}
            choices={dictionary.byPath.get(`contact.${row.field}`)?.values ?? []}
            onChange={(text) => set(row.key, { text })}
          />
          <button
            type="button"
            className="icon-btn"
            aria-label={`Remove ${fieldLabel(`contact.${row.field}`) || `attribute ${i + 1}`}`}
            title="Remove"
            onClick={() => onChange({ ...model, rows: model.rows.filter((r) => r.key !== row.key) })}
          >
            <Trash2 size={13} />
          </button>
        </div>
      ))}
      <button type="button" className="btn btn--small" onClick={add} data-testid="add-attribute">
        <Plus size={13} /> Add an attribute
      </button>
    </div>
  );
}

function FieldPicker({
  id,
  n,
  row,
  fields,
  onPick,
}: {
  id: string;
  n: number;
  row: ContactRow;
  fields: Array<{ name: string; label: string }>;
  onPick(field: string): void;
}) {
  const known = fields.some((f) => f.name === row.field);
  const [typing, setTyping] = useState(!known && row.field !== '');
  // A name being typed stays a text box until the row is removed.
  const label = (
    <label className="sr-only" htmlFor={id}>
      Attribute {n}
    </label>
  );
  if (typing)
    return (
      <span className="sim-form__field">
        {label}
        <input
          id={id}
          value={row.field}
          placeholder="attribute name"
          onChange={(e) => onPick(e.target.value.replace(/^contact\./, ''))}
        />
      </span>
    );
  return (
    <span className="sim-form__field">
      {label}
      <select
        id={id}
        value={row.field}
        onChange={(e) => (e.target.value === OTHER ? setTyping(true) : onPick(e.target.value))}
      >
        {row.field === '' && <option value="">Choose…</option>}
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label}
          </option>
        ))}
        <option value={OTHER}>Another field…</option>
      </select>
    </span>
  );
}

function ValueBox({
  id,
  row,
  choices,
  onChange,
}: {
  id: string;
  row: ContactRow;
  choices: readonly string[];
  onChange(text: string): void;
}) {
  const name = fieldLabel(`contact.${row.field}`) || 'this attribute';
  const label = (
    <label className="sr-only" htmlFor={id}>
      Value of {name}
    </label>
  );
  if (row.kind === 'boolean')
    return (
      <span className="sim-form__value">
        {label}
        <select id={id} value={row.text} onChange={(e) => onChange(e.target.value)}>
          {row.text === '' && <option value="">Choose…</option>}
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      </span>
    );
  const listId = choices.length ? `${id}-choices` : undefined;
  return (
    <span className="sim-form__value">
      {label}
      <input
        id={id}
        type={row.kind === 'number' ? 'number' : row.kind === 'date' ? 'date' : 'text'}
        step={row.kind === 'number' ? 'any' : undefined}
        list={listId}
        value={row.text}
        placeholder={row.kind === 'json' ? '["a", "b"]' : (choices[0] ?? '')}
        onChange={(e) => onChange(e.target.value)}
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
