import { readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU seconds (user + system) used so far by a process and its descendants: its own time, the
 * reaped children's (`cutime`/`cstime`) and the live children's, from /proc. On a shared machine
 * this is the work a run did whatever the load; wall time is not (0 when the process is gone).
 */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return 0;
  // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th field.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const ids = children.split(' ').filter(Boolean).map(Number);
  const theirs = await Promise.all(ids.map(cpuSeconds));
  return ticks / TICKS_PER_SECOND + theirs.reduce((a, b) => a + b, 0);
}
