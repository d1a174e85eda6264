import type { JourneyGuardrailReport, JourneyGuardrailSettings } from '@crossroads/api';
import { percent } from './liftWords.js';

type Trip = JourneyGuardrailReport['trips'][number];
type Metric = Trip['metric'];

/** Sensible starting thresholds (email deliverability practice): what "Turn on" proposes. */
export const DEFAULT_GUARDRAILS: JourneyGuardrailSettings = {
  maxUnsubscribeRate: 0.02,
  maxFailureRate: 0.1,
  maxComplaintRate: 0.05,
  minSample: 200,
};

export const METRIC_NAMES: Record<Metric, string> = {
  unsubscribe: 'unsubscribe rate',
  failure: 'email failure rate',
  complaint: 'bounce and complaint rate',
};

/** One threshold as people read it: "more than 2% of emails unsubscribed from", or off. */
export function thresholdWords(metric: Metric, rate: number | null): string {
  if (rate === null) return `${METRIC_NAMES[metric]}: not watched`;
  const what = {
    unsubscribe: 'of emails lead to an unsubscribe',
    failure: 'of emails fail to send',
    complaint: 'of contacts emailed bounce or complain',
  }[metric];
  return `more than ${percent(rate)} ${what}`;
}

/** What the guardrails watch, in one sentence. */
export function settingsWords(s: JourneyGuardrailSettings | null): string {
  if (!s) return 'No guardrails: nothing pauses this journey on its own.';
  const watched = (
    [
      ['unsubscribe', s.maxUnsubscribeRate],
      ['failure', s.maxFailureRate],
      ['complaint', s.maxComplaintRate],
    ] as Array<[Metric, number | null]>
  )
    .filter(([, rate]) => rate !== null)
    .map(([metric, rate]) => thresholdWords(metric, rate));
  if (watched.length === 0) return 'Guardrails are on but watch nothing.';
  return `Pauses the journey (or sends a rollout back to 0%) when ${watched.join(', or ')}, once a version has sent ${s.minSample.toLocaleString('en-US')} emails.`;
}

/** A trip for the banner: what tripped, the figures and what was done. */
export function tripWords(trip: Trip): { what: string; done: string } {
  const what = `The ${METRIC_NAMES[trip.metric]} of v${trip.version} reached ${percent(trip.rate)}, over the ${percent(trip.threshold)} limit, on ${trip.sample.toLocaleString('en-US')} emails.`;
  const done =
    trip.action === 'paused'
      ? 'The journey was paused: nothing already sent is sent again, and waiting contacts stay parked until it is resumed.'
      : `The rollout of v${trip.version} was sent back to 0%: new contacts get the live version; contacts already on v${trip.version} stay on it.`;
  return { what, done };
}

/** The trip the editor should show a banner for, if any (the newest, while it still matters). */
export function tripToShow(
  report: JourneyGuardrailReport | null,
  status: 'draft' | 'active' | 'paused',
  dismissedAt: string | null,
  now = Date.now(),
): Trip | null {
  const trip = report?.trips[0];
  if (!trip || trip.at === dismissedAt) return null;
  if (trip.action === 'paused') return status === 'paused' ? trip : null;
  // A stopped rollout matters for a week; someone may widen it again meanwhile.
  return now - Date.parse(trip.at) < 7 * 24 * 3600_000 ? trip : null;
}
