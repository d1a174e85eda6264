import { useState } from 'react';
import type { FieldDictionary, KnownField } from '../conditions/dictionary.js';
import { fieldLabel } from '../conditions/fieldLabel.js';

const OTHER = '\u0000other';
const SEGMENT = '\u0000segment:';

/**
 * Picks the field of a condition from the workspace's data dictionary, grouped (contact, event,
 * engagement, journey). "Another field…" types a name the workspace has not stored yet.
 */
export function FieldSelect({
  path,
  dictionary,
  label,
  disabled,
  autoFocus,
  segments,
  onPick,
}: {
  path: string | undefined;
  dictionary: FieldDictionary;
  label: string;
  disabled: boolean;
  autoFocus?: boolean;
  /** Named segments that replace the whole rule when picked ("in segment"). */
  segments?: { names: readonly string[]; choose(name: string): void } | undefined;
  onPick(path: string): void;
}) {
  const [typing, setTyping] = useState(false);
  const [draft, setDraft] = useState(path ?? '');
  const known = path ? dictionary.fields.find((f) => f.path === path) : undefined;
  const groups = new Map<string, KnownField[]>();
  for (const f of dictionary.fields) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  if (typing) {
    const listId = `fields-${label.replace(/\W+/g, '-')}`;
    const commit = () => {
      const name = draft.trim();
      if (name) onPick(name);
      setTyping(false);
    };
    return (
      <span className="cb-field-typed">
        <input
          className="cb-field-typed__input"
          aria-label={label}
          value={draft}
          list={listId}
          placeholder="contact.lead_score"
          // biome-ignore lint/a11y/noAutofocus: the person just asked to type a name
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            }
            if (e.key === 'Escape') setTyping(false);
          }}
        />
        <datalist id={listId}>
          {dictionary.fields.map((f) => (
            <option key={f.path} value={f.path}>
              {f.label}
            </option>
          ))}
        </datalist>
      </span>
    );
  }
  return (
    <select
      className="cb-field"
      aria-label={label}
      value={path ?? ''}
      disabled={disabled}
      // biome-ignore lint/a11y/noAutofocus: a condition just added is edited at once, from the keyboard too
      autoFocus={autoFocus}
      onChange={(e) => {
        if (e.target.value === OTHER) {
          setDraft(path ?? '');
          setTyping(true);
        } else if (e.target.value.startsWith(SEGMENT)) segments?.choose(e.target.value.slice(SEGMENT.length));
        else if (e.target.value) onPick(e.target.value);
      }}
    >
      {!path && <option value="">Choose a field…</option>}
      {path && !known && (
        <option value={path}>{`${fieldLabel(path)} (${path}, not seen in this workspace)`}</option>
      )}
      {[...groups].map(([group, fields]) => (
        <optgroup key={group} label={group}>
          {fields.map((f) => (
            <option key={f.path} value={f.path} title={f.description ?? f.path}>
              {f.label}
            </option>
          ))}
        </optgroup>
      ))}
      {segments && segments.names.length > 0 && (
        <optgroup label="Named segments">
          {segments.names.map((name) => (
            <option key={name} value={`${SEGMENT}${name}`}>{`in segment ${name}`}</option>
          ))}
        </optgroup>
      )}
      <optgroup label="Other">
        <option value={OTHER}>Another field (type its name)…</option>
      </optgroup>
    </select>
  );
}
