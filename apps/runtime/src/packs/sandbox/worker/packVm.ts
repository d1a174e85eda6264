// Runs in a lane's worker thread (the runtime's code, not pack code): one QuickJS VM with the pack
// bundle loaded. Pack code runs only while this class has entered the VM, and every entry has a
// CPU deadline (QuickJS's interrupt handler); the VM's whole memory is one WebAssembly memory with
// a fixed maximum. A VM that overran a limit, crashed, or left work running is dropped whole:
// disposing an interrupted QuickJS runtime can abort, and dropping its memory is exact.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { parentPort } from 'node:worker_threads';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSDeferredPromise,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSSyncVariant,
} from 'quickjs-emscripten-core';
import type { SandboxLimits } from '../limits.js';
import type { CallMessage, FailureKind, FetchReply } from '../protocol.js';

type Port = NonNullable<typeof parentPort>;

// The package's types describe its CommonJS build; bundled as ESM, the variant is the default export.
const variant = ((releaseSync as { default?: unknown }).default ?? releaseSync) as QuickJSSyncVariant;
/** Node has WebAssembly; @types/node 20 only declares its types. */
const wasm = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => object };
  }
).WebAssembly;

export type CallResult =
  | { ok: true; value: string; cpuMs: number }
  | { ok: false; error: string; kind: FailureKind; cpuMs: number };

/** A VM failure that is not the pack's own exception. */
export class VmFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

interface RunningCall {
  message: CallMessage;
  node: string;
  cpuMs: number;
  timers: Map<number, NodeJS.Timeout>;
  fetches: Map<number, QuickJSDeferredPromise>;
  nextFetch: number;
  logs: number;
  promise?: QuickJSHandle;
  finish(result: CallResult): void;
}

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

/** How messages name what a call ran: the node (`type@version`), or the pack while it is described. */
export const nodeLabel = (message: CallMessage) =>
  message.op === 'describe' ? message.type : `${message.type}@${message.version}`;

const PAGE = 64 * 1024;
/** QuickJS's build asks for 16 MB to start with. */
const INITIAL_PAGES = (16 * 1024 * 1024) / PAGE;
/** Strings longer than this are not copied out of a VM (the JSON checks would refuse them anyway). */
const MAX_ANSWER_CHARS = 2 * 1024 * 1024;
const MAX_PAYLOAD_CHARS = 4 * 1024 * 1024;

export class PackVm {
  private deadline = Number.POSITIVE_INFINITY;
  /** CPU budget of the current entry, and this thread's CPU when it began (see threadCpuMs). */
  private budgetMs = 0;
  private cpuAtEntry: number | undefined;
  private sampled = false;
  /** The interrupt handler stopped the VM during this entry (inside async code it only rejects a promise). */
  private interrupted = false;
  private dispatcher: QuickJSHandle | undefined;
  private call: RunningCall | undefined;
  /** Set once the VM is not to be used again. */
  dead = false;
  /** Log lines written outside a call (the pack's top level). */
  private bootLogs = 0;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly vm: QuickJSContext,
    private readonly limits: SandboxLimits,
    private readonly port: Port,
  ) {}

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
    vm.installHost();
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

  /** Past the wall-clock deadline: stop, unless this thread has really used less CPU than its budget. */
  private shouldInterrupt(): boolean {
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
        const text = this.answerText(entered.value);
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

  // --- entering the VM -------------------------------------------------------------------------

  /** Runs `fn` inside the VM with the call's remaining CPU, counting the time spent. */
  private enter<T>(
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

  private guarded<T>(budgetMs: number, who: string, fn: () => T, limitMs = budgetMs) {
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
  private settle(
    result: ReturnType<QuickJSContext['evalCode']>,
    who: string,
    budgetMs: number,
  ): QuickJSHandle {
    if (!result.error) return result.value;
    const failure = this.failure(result.error, who, budgetMs);
    result.error.dispose();
    throw failure;
  }

  private failure(error: QuickJSHandle, who: string, budgetMs: number): VmFailure {
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

  private stringProp(handle: QuickJSHandle, key: string): string | undefined {
    const value = this.vm.getProp(handle, key);
    try {
      return this.vm.typeof(value) === 'string' ? this.vm.getString(value).slice(0, 3_000) : undefined;
    } finally {
      value.dispose();
    }
  }

  /** Runs pending promise jobs within the remaining budget, in small batches until `done()`. */
  private drain(budgetMs: number, who: string, done: () => boolean = () => false): void {
    while (this.runtime.hasPendingJob() && !done()) {
      const result = this.runtime.executePendingJobs(16);
      if (result.error) {
        const failure = this.failure(result.error, who, budgetMs);
        result.error.dispose();
        throw failure;
      }
    }
  }

  private settled(promise: QuickJSHandle): boolean {
    const state = this.vm.getPromiseState(promise);
    if (state.type === 'fulfilled') state.value.dispose();
    if (state.type === 'rejected') state.error.dispose();
    return state.type !== 'pending';
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
      return this.answerText(state.value);
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

  private answerText(handle: QuickJSHandle): CallResult | { ok: true; value: string } {
    const call = this.call!;
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

  private lengthOf(handle: QuickJSHandle): number {
    return this.vm.getProp(handle, 'length').consume((length) => this.vm.getNumber(length));
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

  // --- what the VM may ask of the host ---------------------------------------------------------

  private installHost(): void {
    const vm = this.vm;
    const host = vm.newObject();
    const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
      vm.newFunction(name, fn).consume((handle) => vm.setProp(host, name, handle));
    };
    const text = (handle: QuickJSHandle | undefined, what: string, max = MAX_PAYLOAD_CHARS) => {
      if (!handle || vm.typeof(handle) !== 'string') throw new TypeError(`${what} must be a string`);
      if (this.lengthOf(handle) > max) throw new TypeError(`${what} is too large`);
      return vm.getString(handle);
    };
    const number = (handle: QuickJSHandle | undefined) =>
      handle && vm.typeof(handle) === 'number' ? vm.getNumber(handle) : Number.NaN;

    define('ready', (dispatcher) => {
      if (!this.dispatcher && dispatcher) this.dispatcher = dispatcher.dup();
      return undefined;
    });
    define('fetch', (request) => {
      const call = this.call;
      if (call?.message.op !== 'execute') throw new Error('fetch is only allowed while a node executes');
      const body = text(request, 'a fetch request', 1_100_000);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new TypeError('a fetch request must be JSON');
      }
      const fetchId = call.nextFetch++;
      const deferred = vm.newPromise();
      call.fetches.set(fetchId, deferred);
      this.port.postMessage({ t: 'fetch', id: call.message.id, fetchId, request: parsed });
      return deferred.handle;
    });
    define('log', (level, message) => {
      const call = this.call;
      if ((call ? call.logs++ : this.bootLogs++) >= this.limits.logLinesPerCall) return undefined;
      const name = level && vm.typeof(level) === 'string' ? vm.getString(level) : 'info';
      this.port.postMessage({
        t: 'log',
        ...(call && { node: call.node }),
        level: ['debug', 'info', 'warn', 'error'].includes(name) ? name : 'info',
        message: text(message, 'a log line', 100_000).slice(0, 2_000),
      });
      return undefined;
    });
    define('url', (request) => {
      const { input, base, set } = JSON.parse(text(request, 'a URL', 100_000)) as {
        input: string;
        base?: string;
        set?: Record<string, string>;
      };
      let url: URL;
      try {
        url = new URL(String(input), base === undefined ? undefined : String(base));
        for (const [key, value] of Object.entries(set ?? {})) {
          if (
            [
              'protocol',
              'username',
              'password',
              'host',
              'hostname',
              'port',
              'pathname',
              'search',
              'hash',
            ].includes(key)
          ) {
            (url as unknown as Record<string, string>)[key] = String(value);
          }
        }
      } catch {
        return vm.newString(JSON.stringify({ error: `Invalid URL: ${String(input).slice(0, 200)}` }));
      }
      const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } =
        url;
      return vm.newString(
        JSON.stringify({
          href,
          origin,
          protocol,
          username,
          password,
          host,
          hostname,
          port,
          pathname,
          search,
          hash,
        }),
      );
    });
    define('setTimer', (id, ms) => {
      const call = this.call;
      if (!call) throw new Error('timers are only allowed while a node runs');
      const timerId = number(id);
      const delay = Math.min(Math.max(0, number(ms) || 0), this.limits.callTimeoutMs);
      call.timers.set(
        timerId,
        setTimeout(() => {
          call.timers.delete(timerId);
          if (this.call !== call) return;
          const fired = this.enter(call, () => {
            const fire = vm.getProp(this.dispatcher!, 'fireTimer');
            const arg = vm.newNumber(timerId);
            try {
              this.settle(
                vm.callFunction(fire, vm.undefined, arg),
                call.node,
                this.limits.callCpuMs,
              ).dispose();
            } finally {
              fire.dispose();
              arg.dispose();
            }
          });
          if (!fired.ok) return this.finish(call, fired);
          this.pump(call);
        }, delay),
      );
      return undefined;
    });
    define('clearTimer', (id) => {
      const timerId = number(id);
      clearTimeout(this.call?.timers.get(timerId));
      this.call?.timers.delete(timerId);
      return undefined;
    });
    define('random', (n) => {
      const count = Math.min(Math.max(0, Math.floor(number(n)) || 0), 65_536);
      return vm.newString(randomBytes(count).toString('hex'));
    });
    vm.setProp(vm.global, '__host', host);
    host.dispose();
  }
}
