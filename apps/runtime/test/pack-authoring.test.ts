// A pack author outside this repository: `pnpm create-node-pack` in an empty folder, the pack's own
// install (the SDK comes vendored as tarballs: no registry is asked for it), tests and build, then
// a runtime started from that folder with a relative CROSSROADS_PACKS runs the pack in a journey.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** pnpm as this test run was started with it, else the one on PATH. */
function pnpm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const execPath = process.env.npm_execpath;
  const [command, prefix] =
    execPath && /pnpm/.test(basename(execPath)) ? [process.execPath, [execPath]] : ['pnpm', []];
  return { command, args: [...prefix, ...args], options: { cwd, env: { ...process.env, ...env } } };
}
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const { command, args: all, options } = pnpm(args, cwd, { NO_COLOR: '1', VITEST: '', ...env });
  return execFileSync(command, all, { ...options, encoding: 'utf8', stdio: 'pipe' });
};

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

describe('a pack written outside this repository', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'crossroads-pack-author-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'crossroads-pack-author-data-'));
  let runtime: ChildProcess | undefined;
  afterAll(async () => {
    if (runtime?.pid && runtime.exitCode === null) {
      const exited = new Promise((ok) => runtime?.once('exit', ok));
      process.kill(-runtime.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000))]);
      if (runtime.exitCode === null) process.kill(-runtime.pid, 'SIGKILL');
    }
    rmSync(workdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is created, installs without the registry for the SDK, passes its tests, builds and runs in a journey', {
    timeout: 300_000,
  }, async () => {
    expect(relative(root, workdir).startsWith('..')).toBe(true);
    run(['-C', root, 'create-node-pack', '@acme/crm', '--author', 'Acme Ltd'], workdir);
    const pack = join(workdir, 'crm');
    const manifest = JSON.parse(readFileSync(join(pack, 'package.json'), 'utf8'));
    expect(manifest.devDependencies['@crossroads/nodes']).toMatch(/^file:vendor\/crossroads-nodes-.+\.tgz$/);
    expect(manifest.peerDependencies['@crossroads/nodes']).toMatch(/^\^/);

    // Any request for @crossroads/* to a registry would fail: the SDK must come from vendor/.
    run(['install', '--prefer-offline', '--config.@crossroads:registry=http://127.0.0.1:9/'], pack);
    const installed = JSON.parse(
      readFileSync(join(pack, 'node_modules/@crossroads/nodes/package.json'), 'utf8'),
    );
    expect(installed.exports['./sdk'].default).toBe('./dist/sdk/index.js');
    expect(readFileSync(join(pack, 'pnpm-lock.yaml'), 'utf8')).toContain('file:vendor/crossroads-nodes-');

    expect(run(['test'], pack)).toMatch(/Tests\s+3 passed/);
    run(['build'], pack);
    expect(existsSync(join(pack, 'dist/index.js'))).toBe(true);

    // The runtime, started the way a user does from the folder that holds the pack.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const adminKey = `packauthor${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    const start = pnpm(['-C', root, 'runtime', 'all'], workdir, {
      CROSSROADS_PACKS: './crm',
      PORT: String(port),
      HOST: '127.0.0.1',
      CROSSROADS_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SMTP_CATCHER_PORT: String(await freePort()),
      CROSSROADS_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
    });
    runtime = spawn(start.command, start.args, {
      ...start.options,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`the runtime did not start in 120 s:\n${output}`)),
        120_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Crossroads is running')) {
          clearTimeout(timer);
          ok();
        }
      };
      runtime?.stdout?.on('data', onData);
      runtime?.stderr?.on('data', onData);
      runtime?.once('exit', (code) => fail(new Error(`the runtime exited with ${code}:\n${output}`)));
    });
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      expect(res.ok, `${method} ${path} → ${res.status}: ${text}`).toBe(true);
      return text ? JSON.parse(text) : null;
    };

    const types = await api('GET', '/v1/node-types');
    expect(types.packErrors).toEqual([]);
    expect(types.items.find((item: { type: string }) => item.type === 'crm/hello')).toMatchObject({
      pack: { name: '@acme/crm', version: '0.1.0' },
    });
    const graph = {
      schemaVersion: 1,
      id: 'hello-journey',
      name: 'Say hello',
      settings: { reentry: 'once' },
      packs: { '@acme/crm': '^0.1.0' },
      nodes: [
        {
          id: 'start',
          type: 'trigger',
          version: 1,
          position: { x: 0, y: 0 },
          config: { on: 'event', event: 'signup' },
        },
        {
          id: 'hello',
          type: 'crm/hello',
          version: 1,
          position: { x: 250, y: 0 },
          config: { greeting: 'Welcome {{name}}' },
        },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
    };
    const { id } = await api('POST', '/v1/workflows', { graph });
    const { version } = await api('POST', `/v1/workflows/${id}/versions`, { message: 'first' });
    await api('POST', `/v1/workflows/${id}/activate`, { version });
    await api('PUT', '/v1/contacts/ada', { attributes: { name: 'Ada' } });
    await api('POST', '/v1/events', { contactId: 'ada', type: 'signup' });
    let summary: string | undefined;
    for (let tries = 0; tries < 200 && !summary; tries++) {
      const trace = await api('GET', '/v1/contacts/ada/trace');
      summary = trace.items.find((step: { nodeId: string }) => step.nodeId === 'hello')?.reason?.summary;
      if (!summary) await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(summary).toBe('Welcome Ada');
  });
});
