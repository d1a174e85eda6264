import type { SimulatedEvent } from '@crossroads/nodes';
import { useEffect, useState } from 'react';
import { CodeEditor } from '../../monaco/CodeEditor.js';
import { parseContactJson } from './contactForm.js';
import { formatTimeline, parseTimeline } from './timeline.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const tryParse = <T,>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

/**
 * For engineers: the same input as contact JSON and timeline text, two-way with the form. Text
 * that reads is written to the form at once; text that does not says why (naming the line) and
 * leaves the form as it was. A form edit rewrites the text unless the text already means it.
 */
export function AdvancedInput({
  contact,
  events,
  onContact,
  onEvents,
}: {
  contact: Record<string, unknown>;
  /** Null while a timeline row cannot become an event: the text then keeps what it says. */
  events: SimulatedEvent[] | null;
  onContact(contact: Record<string, unknown>): void;
  onEvents(events: SimulatedEvent[]): void;
}) {
  const [contactText, setContactText] = useState(() => JSON.stringify(contact, null, 2));
  const [timelineText, setTimelineText] = useState(() => formatTimeline(events ?? []));
  const [contactError, setContactError] = useState<string | null>(null);
  const [timelineError, setTimelineError] = useState<string | null>(null);
  // Monaco mounts when the section opens (a hidden editor would measure itself at zero size).
  const [open, setOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the form, not the text
  useEffect(() => {
    if (
      !same(
        tryParse(() => parseContactJson(contactText)),
        contact,
      )
    ) {
      setContactText(JSON.stringify(contact, null, 2));
      setContactError(null);
    }
  }, [contact]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the form, not the text
  useEffect(() => {
    if (
      events &&
      !same(
        tryParse(() => parseTimeline(timelineText)),
        events,
      )
    ) {
      setTimelineText(formatTimeline(events));
      setTimelineError(null);
    }
  }, [events]);
  return (
    <details
      className="sim-advanced"
      data-testid="simulate-advanced"
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>Advanced: the same input as JSON and text</summary>
      {open && (
        <>
          <p className="muted op-small">Contact (JSON)</p>
          <CodeEditor
            ariaLabel="Contact as JSON"
            value={contactText}
            language="json"
            onChange={(text) => {
              setContactText(text);
              try {
                onContact(parseContactJson(text));
                setContactError(null);
              } catch (e) {
                setContactError((e as Error).message);
              }
            }}
            path="inmemory://simulate/contact.json"
            height={170}
          />
          {contactError && (
            <div className="banner banner--error" data-testid="contact-json-error">
              {contactError}
            </div>
          )}
          <label htmlFor="sim-timeline-text">Timeline (one event per line)</label>
          <textarea
            id="sim-timeline-text"
            className="op-timeline"
            rows={4}
            value={timelineText}
            onChange={(e) => {
              setTimelineText(e.target.value);
              try {
                onEvents(parseTimeline(e.target.value));
                setTimelineError(null);
              } catch (error) {
                setTimelineError((error as Error).message);
              }
            }}
            spellCheck={false}
            data-testid="timeline"
          />
          {timelineError && (
            <div className="banner banner--error" data-testid="timeline-error">
              {timelineError}
            </div>
          )}
          <p className="muted op-small">
            after 2h: email.opened — times: 0, 30m, 2h, 1d 3h; JSON properties optional.
          </p>
        </>
      )}
    </details>
  );
}
