import { type ChildProcess, fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../logger.js';
import type { SandboxLimits } from './limits.js';
import { ChildMessage, type FetchRequest, type HostMessage } from './protocol.js';

/** A node call failed in the sandbox; `message` is what goes into the contact's trace. */
export class PackExecutionError extends Error {
  override name = 'PackExecutionError';
}

interface Call {
  type: string;
  resolve(decision: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  fetches: number;
}

/** What the host does with a child's fetch; returns the reply to send back. */
export type FetchHandler = (
  request: FetchRequest,
  call: { type: string; fetches: number },
) => Promise<HostMessage>;

// Node 22.13+ spells it --permission; Node 20 only knows the experimental flag.
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One pack's child process: started on first use, killed and forgotten on a timeout, a memory
 * overrun or a crash (failing the calls in flight with a clear error), started again on the next
 * call. The child gets an empty environment and runs under Node's permission model.
 */
export class SandboxProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private readonly calls = new Map<number, Call>();
  private nextId = 0;
  private stderr = '';
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly packName: string,
    private readonly bundle: () => Promise<string>,
    private readonly limits: SandboxLimits,
    private readonly onFetch: FetchHandler,
    private readonly logger: Logger,
  ) {}

  /** Runs one node in the child; resolves with the raw (unchecked) decision. */
  async execute(
    type: string,
    version: number,
    ctx: Record<string, unknown> & { now: string },
  ): Promise<unknown> {
    const child = await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          `Pack node ${type}@${version} exceeded its time limit of ${this.limits.callTimeoutMs} ms and was stopped`,
          id,
        );
      }, this.limits.callTimeoutMs);
      this.calls.set(id, { type: `${type}@${version}`, resolve, reject, timer, fetches: 0 });
      this.startWatchdog();
      child.send({ t: 'execute', id, type, version, ctx } satisfies HostMessage);
    });
  }

  /** Stops the child; calls in flight fail. */
  async close(): Promise<void> {
    this.fail(`Pack sandbox for ${this.packName} was shut down`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private start(): Promise<ChildProcess> {
    this.ready ??= this.spawn().catch((error: Error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async spawn(): Promise<ChildProcess> {
    const file = await this.bundle();
    const child = fork(file, [], {
      env: {},
      execArgv: [
        PERMISSION_FLAG,
        `--allow-fs-read=${file}`,
        `--max-old-space-size=${this.limits.heapMb}`,
        '--no-warnings',
      ],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    this.stderr = '';
    // An idle sandbox must not keep the runtime (or a test run) alive; call timers do while busy.
    child.unref();
    child.channel?.unref();
    child.stdout?.on('data', (chunk: Buffer) =>
      this.logger.debug({ pack: this.packName, out: chunk.toString('utf8', 0, 2_000) }, 'pack output'),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4_000);
    });
    return new Promise<ChildProcess>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new PackExecutionError(
            `Pack sandbox for ${this.packName} did not start within ${this.limits.startTimeoutMs} ms`,
          ),
        );
      }, this.limits.startTimeoutMs);
      child.on('message', (raw: unknown) => {
        const parsed = ChildMessage.safeParse(raw);
        if (!parsed.success) {
          this.fail(`Pack sandbox for ${this.packName} sent a malformed message and was stopped`);
          return;
        }
        const message = parsed.data;
        if (message.t === 'ready') {
          clearTimeout(timer);
          resolve(child);
        } else if (message.t === 'load-error') {
          clearTimeout(timer);
          child.kill('SIGKILL');
          reject(
            new PackExecutionError(`Pack ${this.packName} failed to load in the sandbox: ${message.message}`),
          );
        } else this.receive(child, message);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child !== child) return;
        const why = this.crashReason(code, signal);
        reject(new PackExecutionError(`Pack sandbox for ${this.packName} stopped while starting: ${why}`));
        this.fail(`Pack sandbox for ${this.packName} stopped unexpectedly: ${why}`);
      });
    });
  }

  private receive(child: ChildProcess, message: ChildMessage): void {
    if (message.t === 'decision' || message.t === 'error') {
      const call = this.calls.get(message.id);
      if (!call) return;
      this.calls.delete(message.id);
      clearTimeout(call.timer);
      if (message.t === 'decision') call.resolve(message.decision);
      else call.reject(new PackExecutionError(`Pack node ${call.type} failed: ${message.message}`));
      return;
    }
    if (message.t === 'fetch') {
      const call = this.calls.get(message.callId);
      if (call) call.fetches++;
      const reply: Promise<HostMessage> = call
        ? this.onFetch(message, call)
        : Promise.resolve({ t: 'fetch-result', id: message.id, error: 'no node call is running' });
      reply.then((answer) => {
        if (this.child === child && child.connected) child.send(answer);
      });
    }
  }

  private crashReason(code: number | null, signal: NodeJS.Signals | null): string {
    if (/heap out of memory|Allocation failed/i.test(this.stderr)) {
      return `it exceeded its memory limit of ${this.limits.heapMb} MB heap`;
    }
    return signal ? `killed by ${signal}` : `exit code ${code}`;
  }

  /** Kills the child and fails calls: `only` gets `reason`, the others learn why they were cut short. */
  private fail(reason: string, only?: number): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    this.stopWatchdog();
    child?.kill('SIGKILL');
    if (child) this.logger.warn({ pack: this.packName, reason }, 'pack sandbox stopped');
    for (const [id, call] of this.calls) {
      clearTimeout(call.timer);
      call.reject(
        new PackExecutionError(
          only === undefined || only === id
            ? reason
            : `Pack sandbox for ${this.packName} was restarted while ${call.type} ran (${reason}); retry the step`,
        ),
      );
    }
    this.calls.clear();
  }

  private startWatchdog(): void {
    if (this.watchdog || process.platform !== 'linux') return;
    this.watchdog = setInterval(async () => {
      const pid = this.child?.pid;
      if (this.calls.size === 0 || pid === undefined) return this.stopWatchdog();
      const rss = await residentMb(pid);
      if (rss !== undefined && rss > this.limits.rssMb && this.child?.pid === pid) {
        this.fail(
          `Pack sandbox for ${this.packName} exceeded its memory limit of ${this.limits.rssMb} MB and was stopped`,
        );
      }
    }, 50);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }
}
