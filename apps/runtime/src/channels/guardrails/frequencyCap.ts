import { DateTime, Duration } from 'luxon';
import type { GuardrailPolicy } from './policy.js';
import { PolicyDuration } from './policy.js';

/**
 * The cap that applies: the journey's maxSends and window when it sets a usable one, else the
 * workspace's; `onCap` always comes from the workspace. Null when the workspace has no cap.
 * A journey window that is not an ISO duration is ignored rather than disabling the cap.
 */
export function effectiveCap(
  policy: GuardrailPolicy,
  journeyCap?: { maxSends: number; window: string },
): { maxSends: number; window: string; onCap: 'defer' | 'skip'; fromJourney: boolean } | null {
  if (!policy.frequencyCap) return null;
  const usable =
    journeyCap &&
    Number.isInteger(journeyCap.maxSends) &&
    journeyCap.maxSends > 0 &&
    PolicyDuration.safeParse(journeyCap.window).success;
  return usable
    ? {
        maxSends: journeyCap.maxSends,
        window: journeyCap.window,
        onCap: policy.frequencyCap.onCap,
        fromJourney: true,
      }
    : { ...policy.frequencyCap, fromJourney: false };
}

/**
 * When a send at `at` would fit under the cap: `at` itself when fewer than `maxSends` earlier
 * sends fall in the window ending at `at`, else the instant the oldest counted send leaves it.
 * Assumes no other sends happen meanwhile (the delivery step checks again when it wakes up).
 *
 * @example
 * ```ts
 * const sends = [new Date('2026-01-01T10:00:00Z'), new Date('2026-01-03T10:00:00Z')];
 * capFreesAt(sends, { maxSends: 2, window: 'P7D' }, new Date('2026-01-04T00:00:00Z'));
 * // 2026-01-08T10:00:00.000Z
 * ```
 */
export function capFreesAt(
  sends: readonly Date[],
  cap: { maxSends: number; window: string },
  at: Date,
): Date {
  const window = Duration.fromISO(cap.window);
  const leaves = (send: Date) => DateTime.fromJSDate(send, { zone: 'utc' }).plus(window).toJSDate();
  const counted = sends
    .filter((send) => send.getTime() <= at.getTime() && leaves(send).getTime() > at.getTime())
    .sort((a, b) => b.getTime() - a.getTime());
  if (counted.length < cap.maxSends) return at;
  // With maxSends (or more) in the window, room opens when the maxSends-th newest leaves it.
  return leaves(counted[cap.maxSends - 1] as Date);
}
