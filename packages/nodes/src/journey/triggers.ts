import type { Schedule } from '../builtins/trigger/scheduleConfig.js';
import { segmentFields } from '../fields/nodeFields.js';
import { type ContactData, type JourneyEvent, SEGMENT_ENTERED_EVENT } from '../sdk/decision.js';
import type { CompiledJourney } from './compile.js';

/**
 * Whether the journey's trigger listens to events of this type at all: ingestion reads a
 * contact's attributes only for events something listens to.
 *
 * @example
 * ```ts
 * journeyListensTo(journey, 'page.viewed'); // true for a trigger on page.viewed
 * ```
 */
export function journeyListensTo(journey: CompiledJourney, eventType: string): boolean {
  return journey.triggerEvents.has(eventType);
}

/**
 * Whether `event` enrols `contact` into the journey: its trigger listens to the event's type and
 * (when the trigger's type says how) matches it. Re-entry rules are the caller's.
 *
 * @example
 * ```ts
 * triggerAccepts(journey, { type: 'page.viewed', properties: { page: 'pricing' }, timestamp }, contact); // true
 * ```
 */
export function triggerAccepts(journey: CompiledJourney, event: JourneyEvent, contact: ContactData): boolean {
  const trigger = journey.trigger;
  if (!trigger || !journey.triggerEvents.has(event.type)) return false;
  return trigger.definition.matches?.(trigger.config, event, contact) ?? true;
}

/**
 * The segments whose `segment.entered` event starts the journey: the segment fields of a trigger
 * that listens to `SEGMENT_ENTERED_EVENT`. The runtime watches these segments for contacts
 * entering them.
 *
 * @example
 * ```ts
 * triggerSegments(journey); // ['hot-leads'] for a trigger on entering hot-leads
 * ```
 */
export function triggerSegments(journey: CompiledJourney): string[] {
  const trigger = journey.trigger;
  if (!trigger || !journey.triggerEvents.has(SEGMENT_ENTERED_EVENT)) return [];
  return segmentFields(trigger.definition, trigger.config).map((field) => field.name);
}

/**
 * The schedule and audience of a journey that starts on a schedule (the built-in trigger's
 * `on: 'schedule'`), or null. The runtime plans its runs from this.
 *
 * @example
 * ```ts
 * triggerSchedule(journey); // { segment: 'newsletter', schedule: { repeat: 'daily', time: '09:00', zone: 'journey' } }
 * ```
 */
export function triggerSchedule(journey: CompiledJourney): { segment: string; schedule: Schedule } | null {
  const trigger = journey.trigger;
  if (trigger?.definition.type !== 'trigger') return null;
  const config = trigger.config as { on?: unknown; segment?: unknown; schedule?: unknown };
  if (config.on !== 'schedule' || typeof config.segment !== 'string') return null;
  return { segment: config.segment, schedule: config.schedule as Schedule };
}
