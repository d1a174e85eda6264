// Runs in a lane's worker thread: entering one QuickJS VM. Every entry has a CPU budget (the
// interrupt handler of `cpuDeadline.ts`); an exception becomes a failure that says what stopped it,
// and an entry that overran a limit or broke the VM marks the VM dead.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import type { CallFailure } from './call.js';
import { CpuDeadline } from './cpuDeadline.js';
import { cpuOverrun, readFailure, VmFailure } from './vmFailure.js';

export type Entered<T> = { ok: true; value: T } | CallFailure;

/**
 * One VM's runtime and context, entered only through `guarded`.
 *
 * @example
 * ```ts
 * const entered = entry.guarded(1_000, 'crm/lookup@1', () => entry.unwrap(vm.evalCode(code), 'crm/lookup@1', 1_000));
 * if (!entered.ok) console.log(entered.kind, entered.error); // 'limit', 'crm/lookup@1 used more than 1000 ms…'
 * ```
 */
export class VmEntry {
  private readonly deadline = new CpuDeadline();
  /** Set once the VM is not to be used again. */
  dead = false;

  constructor(
    readonly runtime: QuickJSRuntime,
    readonly vm: QuickJSContext,
    private readonly heapMb: number,
  ) {
    runtime.setInterruptHandler(() => this.deadline.shouldInterrupt());
  }

  /** Runs `fn` (which enters the VM) within `budgetMs` of CPU; `limitMs` is what the message names. */
  guarded<T>(budgetMs: number, who: string, fn: () => T, limitMs = budgetMs): Entered<T> {
    this.deadline.begin(budgetMs);
    try {
      const value = fn();
      if (this.deadline.interrupted) throw cpuOverrun(who, limitMs);
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof VmFailure)) {
        // Not a QuickJS exception: the VM itself broke (e.g. its WebAssembly trapped).
        this.dead = true;
        return {
          ok: false,
          kind: 'crashed',
          error: `${who}: the sandbox crashed (${String(error).slice(0, 300)})`,
          cpuMs: 0,
        };
      }
      if (error.kind !== 'thrown') this.dead = true;
      return { ok: false, kind: error.kind, error: error.message, cpuMs: 0 };
    } finally {
      this.deadline.end();
    }
  }

  /** A QuickJS exception as a failure (disposes nothing). */
  failure(error: QuickJSHandle, who: string, budgetMs: number): VmFailure {
    return readFailure(this.vm, this.deadline, error, who, { budgetMs, heapMb: this.heapMb });
  }

  /** Unwraps a QuickJS result; its exception becomes a VmFailure that says what stopped it. */
  unwrap(result: ReturnType<QuickJSContext['evalCode']>, who: string, budgetMs: number): QuickJSHandle {
    if (!result.error) return result.value;
    const failure = this.failure(result.error, who, budgetMs);
    result.error.dispose();
    throw failure;
  }

  /** Runs pending promise jobs within the remaining budget, in small batches until `done()`. */
  drain(budgetMs: number, who: string, done: () => boolean = () => false): void {
    while (this.runtime.hasPendingJob() && !done()) {
      const result = this.runtime.executePendingJobs(16);
      if (result.error) {
        const failure = this.failure(result.error, who, budgetMs);
        result.error.dispose();
        throw failure;
      }
    }
  }

  /** Whether a promise settled (its value or error is released). */
  settled(promise: QuickJSHandle): boolean {
    const state = this.vm.getPromiseState(promise);
    if (state.type === 'fulfilled') state.value.dispose();
    if (state.type === 'rejected') state.error.dispose();
    return state.type !== 'pending';
  }
}
