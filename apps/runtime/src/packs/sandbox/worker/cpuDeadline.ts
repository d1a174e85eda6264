// Runs in a lane's worker thread: the CPU deadline of one entry into a QuickJS VM. QuickJS asks
// its interrupt handler every few thousand operations; `shouldInterrupt` answers from here.
import { readFileSync } from 'node:fs';

/**
 * CPU time of this thread in ms (Linux: /proc/thread-self/stat, 10 ms ticks), or undefined. A
 * deadline is first checked against the wall clock (cheap); only when it passes is the thread's
 * real CPU read, so a VM slowed down by a busy machine is not stopped for time it did not use.
 */
function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The budget of the entry in progress. `begin` arms it, `end` disarms it (outside an entry the VM
 * is never interrupted: it does not run), `shorten` caps it (reading a hostile exception).
 *
 * @example
 * ```ts
 * runtime.setInterruptHandler(() => deadline.shouldInterrupt());
 * deadline.begin(1_000);
 * try { vm.callFunction(fn, vm.undefined); } finally { deadline.end(); }
 * if (deadline.interrupted) … // the entry ran out of CPU
 * ```
 */
export class CpuDeadline {
  private deadline = Number.POSITIVE_INFINITY;
  /** CPU budget of the current entry, and this thread's CPU when it began (see threadCpuMs). */
  private budgetMs = 0;
  private cpuAtEntry: number | undefined;
  private sampled = false;
  /** The interrupt handler stopped the VM during this entry (inside async code it only rejects a promise). */
  interrupted = false;

  begin(budgetMs: number): void {
    this.budgetMs = Math.max(0, budgetMs);
    this.deadline = performance.now() + this.budgetMs;
    this.cpuAtEntry = undefined;
    this.sampled = false;
    this.interrupted = false;
  }

  end(): void {
    this.deadline = Number.POSITIVE_INFINITY;
  }

  /** At most `ms` more from now, whatever the budget says. */
  shorten(ms: number): void {
    this.deadline = performance.now() + ms;
  }

  /** Past the wall-clock deadline: stop, unless this thread has really used less CPU than its budget. */
  shouldInterrupt(): boolean {
    // QuickJS first asks after some thousands of operations: close enough to the entry, and a
    // short call never pays for the read.
    if (!this.sampled) {
      this.sampled = true;
      this.cpuAtEntry = threadCpuMs();
    }
    const now = performance.now();
    if (now <= this.deadline) return false;
    const cpu = this.cpuAtEntry === undefined ? undefined : threadCpuMs();
    if (cpu !== undefined) {
      const left = this.budgetMs - (cpu - this.cpuAtEntry!);
      // One tick of slack: the kernel counts CPU in 10 ms steps.
      if (left > 10) {
        this.deadline = now + left;
        return false;
      }
    }
    this.interrupted = true;
    return true;
  }
}
