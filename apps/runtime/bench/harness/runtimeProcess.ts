import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from './cluster.js';

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

// Children die with the bench: a failed run must not leave runtimes behind.
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** SIGKILLs every runtime this process started that is still running (cleanup after a failure). */
export async function killAllRuntimes(): Promise<void> {
  const waits = [...children].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(waits);
}

/** A fixed instance admin key for bench and chaos databases (loopback only, thrown away). */
export const BENCH_ADMIN_KEY = 'bench_admin_key_0123456789abcdef';

export interface RuntimeProcess {
  pid: number;
  /** The API's base URL (modes `all` and `api`). */
  url: string;
  /** Resident set size in bytes, from /proc (0 when the process is gone). */
  rss(): Promise<number>;
  /** SIGKILL: no cleanup at all, like a crashed host. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful: finish or release in-flight jobs). Resolves when the process exited. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
  /** The exit code or signal once the process ended, null while it runs. */
  exitCode(): number | string | null;
  /** Its last stderr lines and error logs (why it died). */
  lastWords(): string[];
}

export interface SpawnOptions {
  mode: 'all' | 'api' | 'worker';
  databaseUrl: string;
  env?: Record<string, string>;
  /** Write a V8 CPU profile into this folder when the process exits gracefully. */
  cpuProfileDir?: string;
  /** Prefix for the child's warnings and errors on our stderr. */
  name?: string;
}

/**
 * Starts `runtime <mode>` (src/cli.ts, as `pnpm start` and operators run it) in a child process
 * against a given database and resolves once it is serving. Its warn/error log lines are echoed.
 *
 * @example
 * const worker = await spawnRuntime({ mode: 'worker', databaseUrl: cluster.url });
 * await worker.kill();
 */
export async function spawnRuntime(options: SpawnOptions): Promise<RuntimeProcess> {
  const port = options.mode === 'worker' ? 0 : await freePort();
  const args = [
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    '--import',
    'tsx',
    'src/cli.ts',
    options.mode,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: runtimeDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      CROSSROADS_ADMIN_KEY: BENCH_ADMIN_KEY,
      CROSSROADS_NO_DEMO_DATA: 'true',
      CROSSROADS_ALLOW_LOOPBACK_URLS: 'true',
      LOG_LEVEL: 'info',
      // One process: its pid is the runtime whose CPU and profile a bench reads (benches that
      // measure worker processes set it).
      WORKER_PROCESSES: '1',
      ...options.env,
    },
  });
  children.add(child);
  const name = options.name ?? `runtime ${options.mode}`;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const words: string[] = [];
  // CHAOS_LOG_DIR=/tmp/x keeps every line each process printed (<name>-<pid>.log), for a post-mortem.
  const logFile = process.env.CHAOS_LOG_DIR
    ? createWriteStream(join(process.env.CHAOS_LOG_DIR, `${name.replace(/\W+/g, '-')}-${child.pid}.log`))
    : undefined;
  const remember = (line: string) => {
    words.push(line.slice(0, 2000));
    if (words.length > 30) words.shift();
    if (process.env.CHAOS_VERBOSE) process.stderr.write(`[${name}] ${line.slice(0, 400)}\n`);
  };
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logFile?.write(`${line}\n`);
      // With worker processes, the parent's line (after all of them) and not a child's.
      if (
        line.includes('"crossroads runtime started"') &&
        (options.mode === 'worker' || !line.includes('"mode":"worker"'))
      )
        resolve();
      if (/"level":(5|6)\d/.test(line)) remember(line);
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      logFile?.write(`${line}\n`);
      remember(line);
    });
    void exited.then((code) =>
      reject(new Error(`${name} exited with ${code} before it started:\n${words.slice(-10).join('\n')}`)),
    );
  });
  await started;
  const pid = child.pid!;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid,
    url: `http://127.0.0.1:${port}`,
    exited,
    exitCode: () => child.exitCode ?? child.signalCode ?? null,
    lastWords: () => [...words],
    async rss() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
