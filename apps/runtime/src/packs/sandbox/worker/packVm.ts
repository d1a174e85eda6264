// Runs in a lane's worker thread (the runtime's code, not pack code): one QuickJS VM with the pack
// bundle loaded. Pack code runs only while this class has entered the VM, and every entry has a
// CPU deadline (QuickJS's interrupt handler); the VM's whole memory is one WebAssembly memory with
// a fixed maximum. A VM that overran a limit, crashed, or left work running is dropped whole:
// disposing an interrupted QuickJS runtime can abort, and dropping its memory is exact.
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSSyncVariant,
} from 'quickjs-emscripten-core';
import type { SandboxLimits } from '../limits.js';
import type { CallMessage, FetchReply } from '../protocol.js';
import {
  type CallResult,
  MAX_PAYLOAD_CHARS,
  nodeLabel,
  type Port,
  type RunningCall,
  VmFailure,
} from './vmCall.js';
import { VmEntry } from './vmEntry.js';
import { installHost } from './vmHost.js';

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
export class PackVm extends VmEntry {
  private dispatcher: QuickJSHandle | undefined;
  private call: RunningCall | undefined;
  /** Log lines written outside a call (the pack's top level). */
  private bootLogs = 0;

  private constructor(
    runtime: QuickJSRuntime,
    vm: QuickJSContext,
    limits: SandboxLimits,
    private readonly port: Port,
  ) {
    super(runtime, vm, limits);
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
    const vm = new PackVm(runtime, runtime.newContext(), limits, port);
    runtime.setInterruptHandler(() => vm.shouldInterrupt());
    installHost({
      vm: vm.vm,
      limits,
      port,
      running: () => vm.call,
      ready: (dispatcher) => {
        vm.dispatcher ??= dispatcher.dup();
      },
      mayLog: (call) => (call ? call.logs++ : vm.bootLogs++) < limits.logLinesPerCall,
      lengthOf: (handle) => vm.lengthOf(handle),
      fireTimer: (call, timerId) => vm.fireTimer(call, timerId),
    });
    const loaded = vm.guarded(limits.loadCpuMs, 'its top-level code', () => {
      const result = vm.vm.evalCode(source, 'pack.js', { type: 'global' });
      vm.settle(result, 'its top-level code', limits.loadCpuMs).dispose();
      vm.drain(limits.loadCpuMs, 'its top-level code');
    });
    if (!loaded.ok) {
      vm.dead = true;
      throw new VmFailure(loaded.error, loaded.kind);
    }
    if (!vm.dispatcher) throw new VmFailure('the sandbox dispatcher did not start', 'crashed');
    return vm;
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
          return this.settle(
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
      if (message.op !== 'execute') {
        const text = this.answerText(entered.value, call);
        return this.finish(call, text.ok ? { ok: true, value: text.value, cpuMs: call.cpuMs } : text);
      }
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
    this.dead = true;
    this.finish(call, { ok: false, kind: 'limit', error: reason, cpuMs: call.cpuMs });
  }

  // --- a call's life ---------------------------------------------------------------------------

  /** After a fetch, a timer or the first entry: runs jobs and checks whether execute settled. */
  private pump(call: RunningCall): void {
    if (this.call !== call || !call.promise) return;
    const promise = call.promise;
    const step = this.enter(call, () => {
      // Stop at the answer: what the call leaves behind is judged after it returned.
      this.drain(this.limits.callCpuMs, call.node, () => this.settled(promise));
      const state = this.vm.getPromiseState(promise);
      if (state.type === 'pending') return undefined;
      if (state.type === 'rejected') {
        const failure = this.failure(state.error, call.node, this.limits.callCpuMs);
        state.error.dispose();
        throw failure;
      }
      return this.answerText(state.value, call);
    });
    if (!step.ok) {
      this.finish(call, step);
      return;
    }
    const text = step.value;
    if (text) {
      this.finish(call, text.ok ? { ok: true, value: text.value, cpuMs: call.cpuMs } : text);
      return;
    }
    if (call.timers.size === 0 && call.fetches.size === 0 && !this.runtime.hasPendingJob()) {
      this.finish(call, {
        ok: false,
        kind: 'thrown',
        error: `${call.node} never finished: it awaits a promise that nothing resolves`,
        cpuMs: call.cpuMs,
      });
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
    if (!this.runtime.hasPendingJob()) return;
    const started = performance.now();
    const drained = this.guarded(this.limits.afterReturnCpuMs, call.node, () =>
      this.drain(this.limits.afterReturnCpuMs, call.node),
    );
    const spent = performance.now() - started;
    call.cpuMs += spent;
    if (drained.ok && !this.runtime.hasPendingJob()) return;
    this.dead = true;
    this.port.postMessage({
      t: 'incident',
      node: call.node,
      message: `${call.node} kept running after it returned (${drained.ok ? 'it left work pending' : drained.error}); its sandbox was stopped`,
      cpuMs: spent,
    });
  }

  /** A timer the running call set has fired: its callback runs inside the VM, then the call goes on. */
  private fireTimer(call: RunningCall, timerId: number): void {
    if (this.call !== call) return;
    const fired = this.enter(call, () => {
      const fire = this.vm.getProp(this.dispatcher!, 'fireTimer');
      const arg = this.vm.newNumber(timerId);
      try {
        this.settle(
          this.vm.callFunction(fire, this.vm.undefined, arg),
          call.node,
          this.limits.callCpuMs,
        ).dispose();
      } finally {
        fire.dispose();
        arg.dispose();
      }
    });
    if (fired.ok) this.pump(call);
    else this.finish(call, fired);
  }
}
