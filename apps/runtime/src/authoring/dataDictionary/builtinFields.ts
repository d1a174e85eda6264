import type { DictionaryField } from '@crossroads/api';

const field = (
  path: string,
  type: DictionaryField['type'],
  source: DictionaryField['source'],
  description: string,
): DictionaryField => ({ path, type, source, seen: 0, description });

const counts = (what: string, verb: string): DictionaryField[] =>
  ([7, 30, 90] as const).map((days) =>
    field(`engagement.${what}_${days}d`, 'number', 'engagement', `Emails ${verb} in the last ${days} days`),
  );

/**
 * Fields every contact has whatever the workspace stored: the engagement aggregates the walk loads
 * (`walk/engagement.ts`), the event being processed and the journey.
 */
export const BUILTIN_FIELDS: readonly DictionaryField[] = [
  field('contact.id', 'text', 'contact', 'The contact id'),
  ...counts('opens', 'opened'),
  ...counts('clicks', 'clicked'),
  ...counts('replies', 'replied to'),
  ...counts('sends', 'sent'),
  field('engagement.last_open_at', 'date', 'engagement', 'When the contact last opened an email'),
  field('engagement.last_click_at', 'date', 'engagement', 'When the contact last clicked in an email'),
  field('engagement.last_reply_at', 'date', 'engagement', 'When the contact last replied'),
  field('engagement.last_send_at', 'date', 'engagement', 'When the contact was last sent an email'),
  field('event.type', 'text', 'event', 'The type of the event being processed'),
  field('event.timestamp', 'date', 'event', 'When the event happened'),
  field('journey.enteredAt', 'date', 'journey', 'When the contact entered this journey'),
  field('journey.version', 'number', 'journey', 'The journey version the contact is on'),
];

/** `engagement.last_event_at.page_viewed` for `page.viewed`: the newest event of a type. */
export function lastEventField(eventType: string): DictionaryField {
  return field(
    `engagement.last_event_at.${eventType.replaceAll('.', '_')}`,
    'date',
    'engagement',
    `When the contact last had a ${eventType} event`,
  );
}
