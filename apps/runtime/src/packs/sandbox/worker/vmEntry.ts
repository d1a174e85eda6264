// Runs in a lane's worker thread: entering a pack's QuickJS VM under a CPU deadline (QuickJS's
// interrupt handler, checked against this thread's real CPU), and reading what it answered or
// threw. PackVm (packVm.ts) builds the calls on top of this.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import type { SandboxLimits } from '../limits.js';
import { type CallResult, MAX_ANSWER_CHARS, type RunningCall, threadCpuMs, VmFailure } from './vmCall.js';

export abstract class VmEntry {
  private deadline = Number.POSITIVE_INFINITY;
  /** CPU budget of the current entry, and this thread's CPU when it began (see threadCpuMs). */
  private budgetMs = 0;
  private cpuAtEntry: number | undefined;
  private sampled = false;
  /** The interrupt handler stopped the VM during this entry (inside async code it only rejects a promise). */
  private interrupted = false;
  /** Set once the VM is not to be used again. */
  dead = false;

  protected constructor(
    protected readonly runtime: QuickJSRuntime,
    protected readonly vm: QuickJSContext,
    protected readonly limits: SandboxLimits,
  ) {}

  /** Past the wall-clock deadline: stop, unless this thread has really used less CPU than its budget. */
  protected shouldInterrupt(): boolean {
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

  // --- entering the VM -------------------------------------------------------------------------

  /** Runs `fn` inside the VM with the call's remaining CPU, counting the time spent. */
  protected enter<T>(
    call: RunningCall,
    fn: () => T,
  ): { ok: true; value: T } | Exclude<CallResult, { ok: true }> {
    const started = performance.now();
    try {
      return this.guarded(this.limits.callCpuMs - call.cpuMs, call.node, fn, this.limits.callCpuMs);
    } finally {
      call.cpuMs += performance.now() - started;
    }
  }

  protected guarded<T>(budgetMs: number, who: string, fn: () => T, limitMs = budgetMs) {
    this.budgetMs = Math.max(0, budgetMs);
    this.deadline = performance.now() + this.budgetMs;
    this.cpuAtEntry = undefined;
    this.sampled = false;
    this.interrupted = false;
    try {
      const value = fn();
      if (this.interrupted) {
        throw new VmFailure(
          `${who} used more than ${Math.round(limitMs)} ms of CPU and was stopped`,
          'limit',
        );
      }
      return { ok: true as const, value };
    } catch (error) {
      if (!(error instanceof VmFailure)) {
        // Not a QuickJS exception: the VM itself broke (e.g. its WebAssembly trapped).
        this.dead = true;
        return {
          ok: false as const,
          kind: 'crashed' as const,
          error: `${who}: the sandbox crashed (${String(error).slice(0, 300)})`,
          cpuMs: 0,
        };
      }
      if (error.kind !== 'thrown') this.dead = true;
      return { ok: false as const, kind: error.kind, error: error.message, cpuMs: 0 };
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
    }
  }

  /** Unwraps a QuickJS result; its exception becomes a VmFailure that says what stopped it. */
  protected settle(
    result: ReturnType<QuickJSContext['evalCode']>,
    who: string,
    budgetMs: number,
  ): QuickJSHandle {
    if (!result.error) return result.value;
    const failure = this.failure(result.error, who, budgetMs);
    result.error.dispose();
    throw failure;
  }

  protected failure(error: QuickJSHandle, who: string, budgetMs: number): VmFailure {
    // Read the exception with a short deadline: a hostile error object may have looping getters.
    this.deadline = performance.now() + 20;
    let name = 'Error';
    let message = 'unknown error';
    try {
      const type = this.vm.typeof(error);
      if (type === 'object') {
        name = this.stringProp(error, 'name') ?? name;
        message = this.stringProp(error, 'message') ?? message;
      } else if (type === 'string') message = this.vm.getString(error);
    } catch {
      // Keep the defaults.
    }
    if (name === 'InternalError' && message === 'interrupted') {
      return new VmFailure(
        `${who} used more than ${Math.round(budgetMs)} ms of CPU and was stopped`,
        'limit',
      );
    }
    if (name === 'InternalError' && message === 'out of memory') {
      return new VmFailure(
        `${who} exceeded its memory limit of ${this.limits.heapMb} MB and was stopped`,
        'limit',
      );
    }
    return new VmFailure(`${who}: ${name}: ${message}`.slice(0, 3_500), 'thrown');
  }

  protected stringProp(handle: QuickJSHandle, key: string): string | undefined {
    const value = this.vm.getProp(handle, key);
    try {
      return this.vm.typeof(value) === 'string' ? this.vm.getString(value).slice(0, 3_000) : undefined;
    } finally {
      value.dispose();
    }
  }

  /** Runs pending promise jobs within the remaining budget, in small batches until `done()`. */
  protected drain(budgetMs: number, who: string, done: () => boolean = () => false): void {
    while (this.runtime.hasPendingJob() && !done()) {
      const result = this.runtime.executePendingJobs(16);
      if (result.error) {
        const failure = this.failure(result.error, who, budgetMs);
        result.error.dispose();
        throw failure;
      }
    }
  }

  protected settled(promise: QuickJSHandle): boolean {
    const state = this.vm.getPromiseState(promise);
    if (state.type === 'fulfilled') state.value.dispose();
    if (state.type === 'rejected') state.error.dispose();
    return state.type !== 'pending';
  }

  protected answerText(handle: QuickJSHandle, call: RunningCall): CallResult | { ok: true; value: string } {
    try {
      if (this.vm.typeof(handle) !== 'string') {
        return {
          ok: false,
          kind: 'crashed',
          error: `${call.node}: the sandbox answered a ${this.vm.typeof(handle)}`,
          cpuMs: call.cpuMs,
        };
      }
      const length = this.lengthOf(handle);
      if (length > MAX_ANSWER_CHARS) {
        return {
          ok: false,
          kind: 'thrown',
          error: `${call.node} returned ${(length / (1024 * 1024)).toFixed(1)} MB, over the limit of ${MAX_ANSWER_CHARS / (1024 * 1024)} MB`,
          cpuMs: call.cpuMs,
        };
      }
      return { ok: true, value: this.vm.getString(handle) };
    } finally {
      handle.dispose();
    }
  }

  protected lengthOf(handle: QuickJSHandle): number {
    return this.vm.getProp(handle, 'length').consume((length) => this.vm.getNumber(length));
  }
}
