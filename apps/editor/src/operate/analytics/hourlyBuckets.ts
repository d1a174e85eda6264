/**
 * Enrolments per hour for the last `hours` hours ending with the current hour, zeros included,
 * summed over versions: what the summary's bar chart draws.
 *
 * @example
 * hourlyBuckets([{ at: '2026-11-24T01:00:00Z', count: 3 }], new Date('2026-11-24T02:10:00Z'), 3)
 * // [{ at: '2026-11-24T00:00:00.000Z', count: 0 }, { at: '…01:00…', count: 3 }, { at: '…02:00…', count: 0 }]
 */
export function hourlyBuckets(
  rows: ReadonlyArray<{ at: string; count: number }>,
  now: Date,
  hours = 48,
): Array<{ at: string; count: number }> {
  const hour = 3_600_000;
  const last = Math.floor(now.getTime() / hour) * hour;
  const counts = new Map<number, number>();
  for (const r of rows) {
    const t = Math.floor(new Date(r.at).getTime() / hour) * hour;
    counts.set(t, (counts.get(t) ?? 0) + r.count);
  }
  return Array.from({ length: hours }, (_, i) => {
    const t = last - (hours - 1 - i) * hour;
    return { at: new Date(t).toISOString(), count: counts.get(t) ?? 0 };
  });
}
