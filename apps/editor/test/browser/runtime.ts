import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
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
 * runtime package exports its own test starter.
 */
export async function startRuntime(): Promise<RunningRuntime> {
  if (!existsSync(join(EDITOR_ROOT, 'dist/index.html'))) {
    throw new Error('apps/editor/dist is missing: run `pnpm --filter @crossroads/editor build` first');
  }
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
      EDITOR_DIST: join(EDITOR_ROOT, 'dist'),
      LOG_LEVEL: 'warn',
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
