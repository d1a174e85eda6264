/** Mean wall time per job of each task, from the runtime's /metrics (crossroads_engine_job_seconds). */
export interface JobTime {
  task: string;
  count: number;
  meanMs: number;
}

/**
 * Reads `crossroads_engine_job_seconds_{sum,count}` (successful jobs) from a runtime's /metrics.
 * Empty when the runtime does not export it.
 *
 * @example
 * const times = await jobTimes(runtime.url); // [{ task: 'advance', count: 4000, meanMs: 12.5 }, ...]
 */
export async function jobTimes(baseUrl: string): Promise<JobTime[]> {
  const text = await fetch(`${baseUrl}/metrics`)
    .then((r) => (r.ok ? r.text() : ''))
    .catch(() => '');
  const sums = new Map<string, { sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const m = /^crossroads_engine_job_seconds_(sum|count)\{([^}]*)\} (\S+)/.exec(line);
    if (!m || !/outcome="ok"/.test(m[2]!)) continue;
    const task = /task="([^"]+)"/.exec(m[2]!)?.[1] ?? '?';
    const entry = sums.get(task) ?? { sum: 0, count: 0 };
    if (m[1] === 'sum') entry.sum += Number(m[3]);
    else entry.count += Number(m[3]);
    sums.set(task, entry);
  }
  return [...sums.entries()]
    .filter(([, v]) => v.count > 0)
    .map(([task, v]) => ({ task, count: v.count, meanMs: (v.sum / v.count) * 1000 }));
}

/** One sentence: mean job times and the job rate the pool's concurrency allows with them. */
export function jobTimesLine(times: JobTime[], concurrency: number): string {
  if (times.length === 0) return '';
  const jobs = times.reduce((a, t) => a + t.count, 0);
  const busyMs = times.reduce((a, t) => a + t.count * t.meanMs, 0);
  const mean = busyMs / jobs;
  return (
    `- Job wall time (runtime /metrics since the process started, crossroads_engine_job_seconds): ${times
      .map((t) => `${t.task} ${t.meanMs.toFixed(1)} ms × ${t.count}`)
      .join(', ')}; mean ${mean.toFixed(1)} ms, so ${concurrency} concurrent jobs can run at most ` +
    `${Math.round((concurrency * 1000) / mean)} jobs/s.`
  );
}
