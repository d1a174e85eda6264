import type { TestCase, TestCaseResult } from '@crossroads/api';
import { contactSummary } from './contactForm.js';
import { eventSentence } from './timelineRows.js';

/** A step's label by id (the id only for a step the journey no longer has). */
export type StepLabel = (nodeId: string) => string;

/** A saved case in words: who, what happens when, and where it should end. */
export function caseWords(tc: Pick<TestCase, 'contact' | 'events' | 'expectedEnd'>, label: StepLabel) {
  return {
    contact: contactSummary(tc.contact),
    events: tc.events.map(eventSentence),
    expects: `should end at “${label(tc.expectedEnd)}”`,
  };
}

/**
 * The outcome of a run in words, by label: "Ended at “Hand to regional AE”, as expected" or
 * "Expected to end at “Hand to regional AE” but reached “Send a case study”".
 */
export function resultWords(result: TestCaseResult, label: StepLabel): string {
  const expected = `“${label(result.expectedEnd)}”`;
  if (result.passed) return `Ended at ${expected}, as expected`;
  const reached = result.actualEnd
    ? `reached “${label(result.actualEnd)}”`
    : 'the contact never entered the journey';
  return `Expected to end at ${expected} but ${reached}${result.error ? ` (${result.error})` : ''}`;
}
