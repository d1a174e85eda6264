// Runs in a lane's worker thread (the runtime's code, not pack code): one QuickJS VM with the pack
// bundle loaded. Pack code runs only while this class has entered the VM, and every entry has a
// CPU deadline (QuickJS's interrupt handler, `cpuDeadline.ts`); the VM's whole memory is one
// WebAssembly memory with a fixed maximum. A VM that overran a limit, crashed, or left work running
// is dropped whole: disposing an interrupted QuickJS runtime can abort, and dropping its memory is
// exact. The functions the VM may call are in `hostFunctions.ts`.
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSSyncVariant,
} from 'quickjs-emscripten-core';
import type { SandboxLimits } from '../limits.js';
import type { CallMessage, FetchReply } from '../protocol.js';
import { type CallResult, nodeLabel, type RunningCall } from './call.js';
import { installHost, MAX_PAYLOAD_CHARS, type Port } from './hostFunctions.js';
import { type Entered, VmEntry } from './vmEntry.js';
import { VmFailure } from './vmFailure.js';

export { type CallResult, nodeLabel } from './call.js';
export { VmFailure } from './vmFailure.js';

// The package's types describe its CommonJS build; bundled as ESM, the variant is the default export.
const variant = ((releaseSync as { default?: unknown }).default ?? releaseSync) as QuickJSSyncVariant;
/** Node has WebAssembly; @types/node 20 only declares its types. */
const wasm = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => object };
  }
).WebAssembly;

const PAGE = 64 * 1024;
/** QuickJS's build asks for 16 MB to start with. */
const INITIAL_PAGES = (16 * 1024 * 1024) / PAGE;
/** Answers longer than this are not copied out of a VM (the JSON checks would refuse them anyway). */
const MAX_ANSWER_CHARS = 2 * 1024 * 1024;

export class PackVm {
  private dispatcher: QuickJSHandle | undefined;
  private call: RunningCall | undefined;
  /** Log lines written outside a call (the pack's top level). */
  private bootLogs = 0;
  private readonly vm: QuickJSContext;

  private constructor(
    private readonly entry: VmEntry,
    private readonly limits: SandboxLimits,
    private readonly port: Port,
  ) {
    this.vm = entry.vm;
  }

  /** Set once the VM is not to be used again (it overran a limit, crashed or left work running). */
  get dead(): boolean {
    return this.entry.dead;
  }

  /** Creates a VM and runs the pack bundle in it (the pack's top-level code), within `loadCpuMs`. */
  static async boot(wasmModule: WebAssembly.Module, source: string, limits: SandboxLimits, port: Port) {
    const memory = new wasm.Memory({
      initial: INITIAL_PAGES,
      maximum: Math.max(INITIAL_PAGES, Math.floor((limits.heapMb * 1024 * 1024) / PAGE)),
    });
    const module = await newQuickJSWASMModuleFromVariant(
      newVariant(variant, { wasmModule, wasmMemory: memory as never }),
    );
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(limits.heapMb * 1024 * 1024);
    const entry = new VmEntry(runtime, runtime.newContext(), limits.heapMb);
    const pack = new PackVm(entry, limits, port);
    installHost({
      vm: entry.vm,
      limits,
      port,
      current: () => pack.call,
      adopt: (dispatcher) => {
        pack.dispatcher ??= dispatcher.dup();
      },
      bootLog: () => pack.bootLogs++ < limits.logLinesPerCall,
      timerFired: (call, timerId) => pack.timerFired(call, timerId),
    });
    const top = 'its top-level code';
    const loaded = entry.guarded(limits.loadCpuMs, top, () => {
      entry.unwrap(entry.vm.evalCode(source, 'pack.js', { type: 'global' }), top, limits.loadCpuMs).dispose();
      entry.drain(limits.loadCpuMs, top);
    });
    if (!loaded.ok) {
      entry.dead = true;
      throw new VmFailure(loaded.error, loaded.kind);
    }
    if (!pack.dispatcher) throw new VmFailure('the sandbox dispatcher did not start', 'crashed');
    return pack;
  }

  get busy(): boolean {
    return this.call !== undefined;
  }

  /** Runs one call; resolves when it settled (an execute may wait for fetches and timers). */
  run(message: CallMessage): Promise<CallResult> {
    return new Promise<CallResult>((resolve) => {
      const call: RunningCall = {
        message,
        node: nodeLabel(message),
        cpuMs: 0,
        timers: new Map(),
        fetches: new Map(),
        nextFetch: 0,
        logs: 0,
        finish: (result) => resolve(result),
      };
      this.call = call;
      if (message.payload.length > MAX_PAYLOAD_CHARS) {
        return this.finish(call, { ok: false, kind: 'thrown', error: 'the request is too large', cpuMs: 0 });
      }
      const entered = this.enter(call, () => {
        const fn = this.vm.getProp(this.dispatcher!, message.op);
        const args = [
          this.vm.newString(message.type),
          this.vm.newNumber(message.version),
          this.vm.newString(message.payload),
        ];
        try {
          return this.entry.unwrap(
            this.vm.callFunction(fn, this.vm.undefined, ...args),
            call.node,
            this.limits.callCpuMs,
          );
        } finally {
          fn.dispose();
          for (const arg of args) arg.dispose();
        }
      });
      if (!entered.ok) return this.finish(call, entered);
      if (message.op !== 'execute') return this.finish(call, this.answerText(entered.value));
      call.promise = entered.value;
      this.pump(call);
    });
  }

  /** The host answered a fetch of the running call. */
  fetched(id: number, fetchId: number, reply: FetchReply): void {
    const call = this.call;
    const deferred = call?.message.id === id ? call.fetches.get(fetchId) : undefined;
    if (!call || !deferred) return;
    call.fetches.delete(fetchId);
    const value = this.vm.newString(JSON.stringify(reply));
    deferred.resolve(value);
    value.dispose();
    deferred.dispose();
    this.pump(call);
  }

  /** The call overran its wall time: it fails, and this VM is not used again. */
  abort(id: number, reason: string): void {
    const call = this.call;
    if (call?.message.id !== id) return;
    this.entry.dead = true;
    this.finish(call, { ok: false, kind: 'limit', error: reason, cpuMs: call.cpuMs });
  }

  /** Runs `fn` inside the VM with the call's remaining CPU, counting the time spent. */
  private enter<T>(call: RunningCall, fn: () => T): Entered<T> {
    const started = performance.now();
    try {
      return this.entry.guarded(this.limits.callCpuMs - call.cpuMs, call.node, fn, this.limits.callCpuMs);
    } finally {
      call.cpuMs += performance.now() - started;
    }
  }

  // --- a call's life ---------------------------------------------------------------------------

  /** A timer of the running call fired: its callback runs in the VM, then the call goes on. */
  private timerFired(call: RunningCall, timerId: number): void {
    const fired = this.enter(call, () => {
      const fire = this.vm.getProp(this.dispatcher!, 'fireTimer');
      const arg = this.vm.newNumber(timerId);
      try {
        this.entry
          .unwrap(this.vm.callFunction(fire, this.vm.undefined, arg), call.node, this.limits.callCpuMs)
          .dispose();
      } finally {
        fire.dispose();
        arg.dispose();
      }
    });
    if (fired.ok) this.pump(call);
    else this.finish(call, fired);
  }

  /** After a fetch, a timer or the first entry: runs jobs and checks whether execute settled. */
  private pump(call: RunningCall): void {
    if (this.call !== call || !call.promise) return;
    const promise = call.promise;
    const step = this.enter(call, () => {
      // Stop at the answer: what the call leaves behind is judged after it returned.
      this.entry.drain(this.limits.callCpuMs, call.node, () => this.entry.settled(promise));
      const state = this.vm.getPromiseState(promise);
      if (state.type === 'pending') return undefined;
      if (state.type === 'rejected') {
        const failure = this.entry.failure(state.error, call.node, this.limits.callCpuMs);
        state.error.dispose();
        throw failure;
      }
      return this.answerText(state.value);
    });
    if (!step.ok) this.finish(call, step);
    else if (step.value) this.finish(call, step.value);
    else if (call.timers.size === 0 && call.fetches.size === 0 && !this.entry.runtime.hasPendingJob()) {
      this.finish(call, {
        ok: false,
        kind: 'thrown',
        error: `${call.node} never finished: it awaits a promise that nothing resolves`,
        cpuMs: call.cpuMs,
      });
    }
  }

  private answerText(handle: QuickJSHandle): CallResult {
    const call = this.call!;
    try {
      const type = this.vm.typeof(handle);
      if (type !== 'string') {
        return {
          ok: false,
          kind: 'crashed',
          error: `${call.node}: the sandbox answered a ${type}`,
          cpuMs: call.cpuMs,
        };
      }
      const length = this.vm.getProp(handle, 'length').consume((n) => this.vm.getNumber(n));
      if (length > MAX_ANSWER_CHARS) {
        return {
          ok: false,
          kind: 'thrown',
          error: `${call.node} returned ${(length / (1024 * 1024)).toFixed(1)} MB, over the limit of ${MAX_ANSWER_CHARS / (1024 * 1024)} MB`,
          cpuMs: call.cpuMs,
        };
      }
      return { ok: true, value: this.vm.getString(handle), cpuMs: call.cpuMs };
    } finally {
      handle.dispose();
    }
  }

  private finish(call: RunningCall, result: CallResult): void {
    if (this.call !== call) return;
    this.call = undefined;
    for (const timer of call.timers.values()) clearTimeout(timer);
    if (call.timers.size > 0 && result.ok) {
      this.port.postMessage({
        t: 'incident',
        node: call.node,
        message: `${call.node} returned with ${call.timers.size} timer(s) pending; they were cancelled`,
        cpuMs: 0,
      });
    }
    for (const deferred of call.fetches.values()) deferred.dispose();
    if (call.promise?.alive) call.promise.dispose();
    if (!this.dead) this.afterReturn(call);
    call.finish({ ...result, cpuMs: call.cpuMs });
  }

  /** Work the call left behind (pending jobs) gets a little CPU; if it is still going, the VM goes. */
  private afterReturn(call: RunningCall): void {
    if (!this.entry.runtime.hasPendingJob()) return;
    const started = performance.now();
    const drained = this.entry.guarded(this.limits.afterReturnCpuMs, call.node, () =>
      this.entry.drain(this.limits.afterReturnCpuMs, call.node),
    );
    const spent = performance.now() - started;
    call.cpuMs += spent;
    if (drained.ok && !this.entry.runtime.hasPendingJob()) return;
    this.entry.dead = true;
    this.port.postMessage({
      t: 'incident',
      node: call.node,
      message: `${call.node} kept running after it returned (${drained.ok ? 'it left work pending' : drained.error}); its sandbox was stopped`,
      cpuMs: spent,
    });
  }
}
