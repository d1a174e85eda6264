/** Attempts per webhook, the first included; after the last failure the handoff is dead-lettered. */
export const WEBHOOK_MAX_ATTEMPTS = 15;

const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 4 * 60 * 60_000;
/** ±20 %: spreads retries of many handoffs to a recovering receiver, keeps the total near 24 h. */
const JITTER = 0.2;

export type WebhookRetryDecision = { retry: true; delayMs: number } | { retry: false; deadLetter: true };

/**
 * What to do after failed attempt number `attempt` (1-based): retry after an exponentially growing
 * delay (30 s, 1 min, 2 min, ... capped at 4 h) with ±20 % jitter, or dead-letter once
 * WEBHOOK_MAX_ATTEMPTS attempts have failed. The delays of one webhook add up to about 24 h.
 *
 * @example
 * webhookRetrySchedule(1); // { retry: true, delayMs: ~30_000 }
 * webhookRetrySchedule(15); // { retry: false, deadLetter: true }
 */
export function webhookRetrySchedule(
  attempt: number,
  random: () => number = Math.random,
): WebhookRetryDecision {
  if (attempt >= WEBHOOK_MAX_ATTEMPTS) return { retry: false, deadLetter: true };
  const base = Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
  const delayMs = Math.round(base * (1 - JITTER + 2 * JITTER * random()));
  return { retry: true, delayMs };
}
