export interface BackoffOptions {
  /** Delay scale for the first retry. Default 30 s. */
  baseMs?: number;
  /** Largest delay. Default 1 h. */
  capMs?: number;
}

/**
 * Delay before retry number `attempt` (0 for the first retry) with "full jitter": a uniform
 * random delay between 0 and min(cap, base · 2^attempt), which spreads retries of many messages
 * to a recovering server instead of sending them all at once.
 *
 * @example
 * nextRetryDelay(0); // 0 to 30 s
 * nextRetryDelay(5, { baseMs: 1000, capMs: 10_000 }); // 0 to 10 s
 */
export function nextRetryDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const baseMs = options.baseMs ?? 30_000;
  const capMs = options.capMs ?? 60 * 60_000;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
