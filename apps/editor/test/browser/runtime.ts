import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const EDITOR_ROOT = resolve(here, '../..');
const RUNTIME_DIR = resolve(here, '../../../runtime');

export interface RunningRuntime {
  url: string;
  adminKey: string;
  /** JSON call to the API with the admin key (or another). */
  api<T = unknown>(method: string, path: string, body?: unknown, key?: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The built editor for this test run: built once per vitest run into a private temp folder
 * (test files run in parallel, and other people's edits or builds must not change the bundle
 * under a running test). Concurrent callers wait on a lock folder and reuse the result.
 *
 * @example
 * const dist = await editorDist(); // '/tmp/crossroads-editor-dist-1234'
 */
export async function editorDist(): Promise<string> {
  // Test files run in child processes of one vitest process: its pid names the run.
  const dir = join(tmpdir(), `crossroads-editor-dist-${process.ppid}`);
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than three minutes belongs to a run that died.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
  try {
    if (!existsSync(join(dir, 'index.html'))) {
      removeOldBuilds();
      const vite = join(EDITOR_ROOT, 'node_modules/vite/bin/vite.js');
      const result = spawnSync(
        process.execPath,
        [vite, 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'],
        {
          cwd: EDITOR_ROOT,
          stdio: 'inherit',
        },
      );
      if (result.status !== 0 || !existsSync(join(dir, 'index.html'))) {
        throw new Error('the editor did not build: run `pnpm --filter @crossroads/editor build` to see why');
      }
    }
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds of runs that ended more than an hour ago (each is ~30 MB). */
function removeOldBuilds(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!/^crossroads-editor-dist-\d+$/.test(name)) continue;
    const path = join(tmpdir(), name);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/**
 * Starts the real runtime (`runtime all`: API + worker on a fresh embedded Postgres, the examples
 * loaded as drafts) serving the built editor, the way `pnpm start` does. Stand-in until the
 * runtime package exports its own test starter. `env` adds settings, e.g. `CROSSROADS_PACKS`.
 */
export async function startRuntime(env: Record<string, string> = {}): Promise<RunningRuntime> {
  const dist = await editorDist();
  const dataDir = mkdtempSync(join(tmpdir(), 'crossroads-editor-test-'));
  // As root, embedded Postgres runs initdb as a separate user that must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const adminKey =
    `editortest${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`.slice(0, 40);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'all'], {
    cwd: RUNTIME_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CROSSROADS_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SMTP_CATCHER_PORT: String(await freePort()),
      CROSSROADS_ADMIN_KEY: adminKey,
      EDITOR_DIST: dist,
      LOG_LEVEL: 'warn',
      // One process (API and worker together): a browser test needs no worker children, and
      // two more processes per test cost the suite's two cores (runtime/src/worker/processes.test.ts
      // covers them).
      WORKER_PROCESSES: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`runtime did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Crossroads is running')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`runtime exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    adminKey,
    async api(method, path, body, key = adminKey) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as never;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
