import { formatSeen } from '../../conditions/seen.js';
import { fieldId, useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/**
 * An event type picked from those the workspace has seen (with how many and when last), or typed
 * (a journey may wait for an event that has not happened yet).
 */
export function EventTypeField({ value, onChange, path, id, schema }: FieldProps<unknown>) {
  const { readOnly, dictionary, modelKey } = useForm();
  const listId = `${fieldId(modelKey, path)}-events`;
  const text = typeof value === 'string' ? value : '';
  const seen = dictionary.eventTypes.find((e) => e.type === text);
  const example = /e\.g\.\s*([^,;)]+)/.exec(schema.description ?? '')?.[1];
  return (
    <div className="event-type">
      <input
        id={id}
        type="text"
        list={listId}
        value={text}
        readOnly={readOnly}
        placeholder={example ?? 'page.viewed'}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId} data-testid="event-types">
        {dictionary.eventTypes.map((e) => (
          <option key={e.type} value={e.type}>
            {formatSeen(e.seen, e.lastSeen)}
          </option>
        ))}
      </datalist>
      <div className="field__hint">
        {seen
          ? `Seen ${formatSeen(seen.seen, seen.lastSeen)}`
          : text
            ? 'Not seen in this workspace yet: check the spelling, or keep it if the event is new'
            : dictionary.eventTypes.length
              ? 'Pick one of the events this workspace has seen, or type a new one'
              : 'No events stored yet: type the event type'}
      </div>
    </div>
  );
}
