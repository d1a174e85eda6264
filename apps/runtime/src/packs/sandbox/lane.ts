import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';
import { laneWorkerUrl, quickjsWasm } from './bundle.js';
import type { SandboxLimits } from './limits.js';
import {
  type CallOp,
  type FailureKind,
  type FetchReply,
  type FetchRequest,
  type LaneWorkerData,
  type MainMessage,
  WorkerMessage,
} from './protocol.js';

/** A call failed in the sandbox; `message` is what goes into the contact's trace or the problem. */
export class PackExecutionError extends Error {
  override name = 'PackExecutionError';
  constructor(
    message: string,
    /** `thrown`: the pack's own error; `limit`: a limit stopped it; `crashed`: the sandbox broke. */
    readonly kind: FailureKind = 'thrown',
  ) {
    super(message);
  }
}

export interface LaneOptions {
  /** What runs here: a node type, or a pack while it is being described at load. */
  label: string;
  source: string;
  limits: SandboxLimits;
  logger: Logger;
  /** Performs a fetch the VM asked for (declared hosts, SSRF guard). */
  onFetch(request: FetchRequest, call: { node: string; fetches: number }): Promise<FetchReply>;
  /** CPU a call (or work it left behind) used, for the pack's budget. */
  onCpu?(node: string, cpuMs: number): void;
  /** Work a call left running was stopped. */
  onIncident?(node: string, message: string): void;
  /** Why a call may not start now (the pack's CPU budget), checked as it leaves the queue. */
  admit?(node: string): string | undefined;
}

interface LaneCall {
  node: string;
  message: MainMessage & { t: 'call' };
  resolve(value: unknown): void;
  reject(error: PackExecutionError): void;
  timer?: NodeJS.Timeout;
  grace?: NodeJS.Timeout;
  fetches: number;
}

/** The common message, a successful answer, checked without zod (it is most of the traffic). */
function answered(raw: unknown): { success: true; data: WorkerMessage } | undefined {
  const message = raw as { t?: unknown; id?: unknown; ok?: unknown; value?: unknown; cpuMs?: unknown };
  if (
    message?.t === 'done' &&
    message.ok === true &&
    Number.isInteger(message.id) &&
    typeof message.value === 'string' &&
    typeof message.cpuMs === 'number' &&
    Object.keys(message).length === 5
  ) {
    return { success: true, data: message as WorkerMessage };
  }
  return undefined;
}

/** After an abort, how long a worker may take to answer before it is stopped as stuck. */
const GRACE_MS = 1_000;

/**
 * One node type's sandbox, seen from the main thread: a worker thread that runs the type's QuickJS
 * VMs, started on first use and restarted after it breaks. Calls carry JSON and come back as
 * values; a call's wall time is bounded here, its CPU and memory in the worker. Nothing here waits
 * synchronously: the event loop is never held by pack code.
 */
export class Lane {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  /** Calls sent to the worker (at most one per VM: `vmsPerNodeType`). */
  private readonly calls = new Map<number, LaneCall>();
  /** Calls waiting for a VM; the budget is checked as they leave. */
  private readonly queue: LaneCall[] = [];
  private nextId = 0;

  constructor(private readonly options: LaneOptions) {}

  /** Runs `op` for a node in a VM; resolves with the dispatcher's value or rejects with why not. */
  async call(op: CallOp, type: string, version: number, payload: unknown): Promise<unknown> {
    const id = this.nextId++;
    const node = op === 'describe' ? type : `${type}@${version}`;
    const message: MainMessage & { t: 'call' } = {
      t: 'call',
      id,
      op,
      type,
      version,
      payload: JSON.stringify(payload),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ node, message, resolve, reject, fetches: 0 });
      this.dispatch();
    });
  }

  /** Sends queued calls while a VM is free; the wall time of a call runs from here. */
  private dispatch(): void {
    if (this.queue.length === 0 || this.calls.size >= this.options.limits.vmsPerNodeType) return;
    this.start().then(
      (worker) => {
        while (this.queue.length > 0 && this.calls.size < this.options.limits.vmsPerNodeType) {
          const call = this.queue.shift()!;
          const refusal = this.options.admit?.(call.node);
          if (refusal) {
            call.reject(new PackExecutionError(refusal, 'limit'));
            continue;
          }
          call.timer = setTimeout(() => this.overran(call.message.id), this.options.limits.callTimeoutMs);
          this.calls.set(call.message.id, call);
          worker.postMessage(call.message);
        }
      },
      (error: PackExecutionError) => {
        // The sandbox cannot start (its top-level code fails): every waiting call learns why.
        for (const call of this.queue.splice(0)) call.reject(error);
      },
    );
  }

  /** Stops the worker; calls in flight fail. */
  async close(): Promise<void> {
    const reason = `The sandbox of ${this.options.label} was shut down`;
    for (const call of this.queue.splice(0)) call.reject(new PackExecutionError(reason, 'crashed'));
    this.stop(reason, 'crashed');
  }

  private start(): Promise<Worker> {
    this.ready ??= this.spawn().catch((error: Error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async spawn(): Promise<Worker> {
    const { limits, label } = this.options;
    const workerData: LaneWorkerData = {
      wasmModule: await quickjsWasm(),
      source: this.options.source,
      limits,
    };
    const worker = new Worker(await laneWorkerUrl(), {
      workerData,
      env: {},
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 16 },
    });
    this.worker = worker;
    // An idle sandbox must not keep the runtime (or a test run) alive; calls' timers do while busy.
    worker.unref();
    return new Promise<Worker>((resolve, reject) => {
      // Booting runs the pack's top-level code within loadCpuMs; the rest is slack for a busy machine.
      const timer = setTimeout(() => {
        reject(
          new PackExecutionError(`${label} did not start within ${limits.loadCpuMs + 10_000} ms`, 'limit'),
        );
        this.stop(`${label} did not start`, 'crashed');
      }, limits.loadCpuMs + 10_000);
      worker.on('message', (raw: unknown) => {
        const parsed = answered(raw) ?? WorkerMessage.safeParse(raw);
        if (!parsed.success) {
          this.stop(`The sandbox of ${label} sent a malformed message and was stopped`, 'crashed');
          return;
        }
        const message = parsed.data;
        if (message.t === 'ready') {
          clearTimeout(timer);
          resolve(worker);
        } else if (message.t === 'boot-failed') {
          clearTimeout(timer);
          this.stop(message.message, message.kind);
          reject(new PackExecutionError(message.message, message.kind));
        } else this.receive(worker, message);
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        const why = /ERR_WORKER_OUT_OF_MEMORY/.test(String((error as { code?: string }).code ?? error))
          ? `its sandbox ran out of memory (${limits.workerHeapMb} MB)`
          : `its sandbox crashed: ${error.message}`;
        reject(new PackExecutionError(`${label}: ${why}`, 'crashed'));
        if (this.worker === worker) this.stop(`${label}: ${why}`, 'crashed');
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        if (this.worker !== worker) return;
        reject(
          new PackExecutionError(
            `${label}: its sandbox stopped while starting (exit code ${code})`,
            'crashed',
          ),
        );
        this.stop(`${label}: its sandbox stopped unexpectedly (exit code ${code})`, 'crashed');
      });
    });
  }

  private receive(worker: Worker, message: Exclude<WorkerMessage, { t: 'ready' | 'boot-failed' }>): void {
    if (message.t === 'done') {
      const call = this.calls.get(message.id);
      this.options.onCpu?.(call?.node ?? this.options.label, message.cpuMs);
      if (!call) return;
      this.calls.delete(message.id);
      clearTimeout(call.timer);
      clearTimeout(call.grace);
      this.dispatch();
      if (!message.ok) {
        call.reject(new PackExecutionError(message.error, message.kind));
        return;
      }
      const envelope = JSON.parse(message.value) as
        | { ok: true; value: unknown }
        | { ok: false; error: string };
      if (envelope.ok) call.resolve(envelope.value);
      else call.reject(new PackExecutionError(`${call.node} failed: ${envelope.error}`, 'thrown'));
      return;
    }
    if (message.t === 'fetch') {
      const call = this.calls.get(message.id);
      if (call) call.fetches++;
      const reply: Promise<FetchReply> = call
        ? this.options.onFetch(message.request, { node: call.node, fetches: call.fetches })
        : Promise.resolve({ error: 'no node call is running' });
      void reply.then((answer) => {
        if (this.worker !== worker) return;
        const back: MainMessage = {
          t: 'fetch-result',
          id: message.id,
          fetchId: message.fetchId,
          reply: answer,
        };
        worker.postMessage(back);
      });
      return;
    }
    if (message.t === 'incident') {
      this.options.onCpu?.(message.node, message.cpuMs);
      this.options.onIncident?.(message.node, message.message);
      return;
    }
    const { level, message: line, node } = message;
    this.options.logger[level]({ sandbox: this.options.label, ...(node && { node }), line }, 'pack log');
  }

  /** A call overran its wall time: the worker drops the VM running it; a stuck worker is stopped. */
  private overran(id: number): void {
    const call = this.calls.get(id);
    if (!call || !this.worker) return;
    const reason = `${call.node} exceeded its time limit of ${this.options.limits.callTimeoutMs} ms and was stopped`;
    const abort: MainMessage = { t: 'abort', id, reason };
    this.worker.postMessage(abort);
    call.grace = setTimeout(() => this.stop(reason, 'limit', id), GRACE_MS);
  }

  /**
   * Stops the worker. The call `culprit` fails with `reason`; other calls in flight (of this same
   * node type: other types have their own lanes) learn that their sandbox was restarted.
   */
  private stop(reason: string, kind: FailureKind, culprit?: number): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) {
      void worker.terminate();
      this.options.logger.warn({ sandbox: this.options.label, reason }, 'pack sandbox stopped');
    }
    for (const [id, call] of this.calls) {
      clearTimeout(call.timer);
      clearTimeout(call.grace);
      call.reject(
        culprit === undefined || culprit === id
          ? new PackExecutionError(reason, kind)
          : new PackExecutionError(
              `The sandbox of ${call.node} was restarted while it ran (${reason}); retry the step`,
              'crashed',
            ),
      );
    }
    this.calls.clear();
    // Calls still waiting get a fresh worker.
    this.dispatch();
  }
}
