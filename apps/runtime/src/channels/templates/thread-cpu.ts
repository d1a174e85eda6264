import { readFileSync, readlinkSync } from 'node:fs';

/** CPU ticks (utime + stime) from a /proc stat line; 10 ms each on Linux. */
function ticksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Milliseconds per tick of /proc's CPU times (USER_HZ is 100 on Linux). */
export const TICK_MS = 10;

/**
 * The calling thread's id and CPU ticks so far (Linux), or undefined where /proc is not there.
 * A render thread reports both when a batch starts, so the main thread can watch its CPU.
 */
export function ownThreadCpu(): { tid: number; ticks: number } | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return { tid, ticks: ticksOf(readFileSync('/proc/thread-self/stat', 'utf8')) };
  } catch {
    return undefined;
  }
}

/** CPU ticks of thread `tid` of this process so far, or undefined (no /proc, or the thread ended). */
export function threadTicks(tid: number): number | undefined {
  try {
    return ticksOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}
