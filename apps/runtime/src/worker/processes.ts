import { type ChildProcess, fork } from 'node:child_process';
import type { Logger } from '../logger.js';

/** Environment variable that names a child's process label in its log lines (`worker-2`). */
export const PROCESS_LABEL_ENV = 'CROSSROADS_PROCESS_LABEL';

/** What a worker child sends its parent once its pool takes jobs. */
export const READY_MESSAGE = 'crossroads-worker-ready';

export interface WorkerProcessesOptions {
  count: number;
  /** The database every child uses (the parent's embedded Postgres, or DATABASE_URL). */
  databaseUrl: string;
  logger: Logger;
  /** The command line's script (src/cli.ts); children run `<script> worker`. */
  script: string;
  /** Extra environment for the children (tests). */
  env?: NodeJS.ProcessEnv;
  /** First restart delay; doubled after each quick death up to `maxBackoffMs`. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface WorkerProcesses {
  /** Resolves once every child has reported ready once (or after `timeoutMs`, whichever first). */
  ready(timeoutMs?: number): Promise<void>;
  /** The running children's pids by label (a restarted child has a new pid). */
  pids(): Map<string, number>;
  /** SIGTERM to every child (each finishes or releases its jobs), SIGKILL after 25 s. */
  stop(): Promise<void>;
}

/** A child alive this long is healthy: its next death restarts it after the first backoff again. */
const HEALTHY_AFTER_MS = 30_000;
const STOP_GRACE_MS = 25_000;

/**
 * Runs `count` worker processes (`runtime worker`) beside the API process and keeps them running:
 * a child that dies is started again after a backoff (1 s, doubling while it keeps dying quickly,
 * at most 30 s), with a log line saying why. Children share the parent's stdout (their JSON log
 * lines carry `process: worker-<n>`) and exit when the parent goes away (IPC disconnect), so a
 * SIGKILLed parent leaves no orphan pools behind.
 */
export function startWorkerProcesses(options: WorkerProcessesOptions): WorkerProcesses {
  const { count, logger } = options;
  const base = options.backoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 30_000;
  const children = new Map<string, ChildProcess>();
  const readyOnce = new Set<string>();
  let onReady: (() => void) | undefined;
  let stopping = false;

  const spawnChild = (label: string, failures: number) => {
    const child = fork(options.script, ['worker'], {
      env: { ...process.env, ...options.env, DATABASE_URL: options.databaseUrl, [PROCESS_LABEL_ENV]: label },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const startedAt = Date.now();
    children.set(label, child);
    logger.info({ worker: label, pid: child.pid }, 'worker process started');
    child.on('message', (message) => {
      if (message !== READY_MESSAGE) return;
      readyOnce.add(label);
      if (readyOnce.size >= count) onReady?.();
    });
    child.once('exit', (code, signal) => {
      if (children.get(label) === child) children.delete(label);
      if (stopping) return;
      const quick = Date.now() - startedAt < HEALTHY_AFTER_MS;
      const next = quick ? failures + 1 : 0;
      const delay = Math.min(max, base * 2 ** Math.max(0, next - 1));
      logger.error(
        { worker: label, pid: child.pid, code, signal, restartInMs: delay },
        'worker process exited; starting it again',
      );
      setTimeout(() => {
        if (!stopping) spawnChild(label, next);
      }, delay).unref();
    });
  };
  for (let i = 1; i <= count; i++) spawnChild(`worker-${i}`, 0);

  const allReady = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  return {
    async ready(timeoutMs = 60_000) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([allReady, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
    pids: () => new Map([...children].map(([label, child]) => [label, child.pid ?? 0])),
    async stop() {
      stopping = true;
      const exits = [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      });
      await Promise.all(exits);
    },
  };
}
