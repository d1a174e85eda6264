import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { freePort, runningCluster } from './db/dataFolder.js';
import { createLogger } from './logger.js';
import { type RunningRuntime, type RuntimeMode, startRuntime } from './start.js';
import { startPausableProxy } from './testing/pausableProxy.js';
import { createTestDatabase } from './testing/testDatabase.js';

/** Two checkouts on one machine: each `pnpm start` runs with its own data folder (`<checkout>/.data`). */
describe('the embedded Postgres belongs to its data folder', () => {
  const started: RunningRuntime[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    // Those that found a database first: stopping them leaves it running.
    for (const runtime of started.reverse()) await runtime.stop();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  const dataFolder = async () => {
    const folder = await mkdtemp(join(tmpdir(), 'crossroads-checkout-'));
    await chmod(folder, 0o755); // Postgres runs as its own user when we are root.
    folders.push(folder);
    return folder;
  };
  const start = async (dataDir: string, mode: RuntimeMode = 'api') => {
    // As `pnpm start` reads it: no DATABASE_URL, no EMBEDDED_PG_PORT.
    const config = loadConfig({
      PORT: '0',
      CROSSROADS_DATA_DIR: dataDir,
      CROSSROADS_NO_DEMO_DATA: 'true',
      LOG_LEVEL: 'silent',
    });
    const runtime = await startRuntime(config, createLogger('silent'), mode);
    started.push(runtime);
    return runtime;
  };
  const status = async (runtime: RunningRuntime, key: string | undefined) =>
    (await fetch(`${runtime.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status;

  it("starts a second checkout's own database, and an API from the same folder finds its own", async () => {
    const [folderA, folderB] = await Promise.all([dataFolder(), dataFolder()]);
    const a = await start(folderA);
    const b = await start(folderB);
    expect(a.adminKey).toBeDefined();
    expect(b.adminKey).toBeDefined();
    // Two clusters on two ports, each recorded in its own folder.
    const [clusterA, clusterB] = [await runningCluster(folderA), await runningCluster(folderB)];
    expect(clusterA?.ready).toBe(true);
    expect(clusterB?.ready).toBe(true);
    expect(clusterA?.port).not.toBe(clusterB?.port);
    expect(a.deps.databaseUrl).toContain(`:${clusterA?.port}/`);
    expect(b.deps.databaseUrl).toContain(`:${clusterB?.port}/`);
    // Each first boot's admin key opens only its own workspace.
    expect(await status(a, a.adminKey)).toBe(200);
    expect(await status(b, b.adminKey)).toBe(200);
    expect(await status(a, b.adminKey)).toBe(401);
    expect(await status(b, a.adminKey)).toBe(401);
    // `pnpm runtime api` from checkout A: A's database, found through the folder, not a new one.
    const a2 = await start(folderA);
    expect(a2.deps.databaseUrl).toBe(a.deps.databaseUrl);
    expect(a2.adminKey).toBeUndefined();
    expect(await status(a2, a.adminKey)).toBe(200);
    expect(await status(a2, b.adminKey)).toBe(401);
  }, 120_000);
});

describe('a runtime started before its database', () => {
  it('answers /healthz, says why in /readyz while it waits, and starts once Postgres is up', async () => {
    const db = await createTestDatabase();
    const proxy = await startPausableProxy(db.url);
    // Chosen while the proxy holds its own port, which it takes again when it comes back up.
    const port = await freePort();
    await proxy.down();
    const lines: Array<{ msg: string; database?: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const config = loadConfig({
      PORT: String(port),
      DATABASE_URL: proxy.url,
      CROSSROADS_NO_DEMO_DATA: 'true',
      SMTP_CATCHER_PORT: '0',
    });
    let runtime: RunningRuntime | undefined;
    const starting = startRuntime(config, logger, 'all').then((r) => {
      runtime = r;
      return r;
    });
    starting.catch(() => {});
    try {
      const url = `http://127.0.0.1:${port}`;
      // Waiting: the process is alive, not ready, and says why; the API answers 503 meanwhile.
      let ready = await fetch(`${url}/readyz`);
      for (let i = 0; i < 100 && !lines.some((l) => l.msg.startsWith('waiting for PostgreSQL')); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await fetch(`${url}/readyz`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('2');
      const why = ((await ready.json()) as { detail: string }).detail;
      expect(why).toMatch(
        /^The runtime is starting\. Waiting for the database \(127\.0\.0\.1:\d+\/crossroads_test_\w+\): ECONNREFUSED/,
      );
      expect((await fetch(`${url}/v1/me`)).status).toBe(503);
      const waitingLine = lines.find((l) => l.msg.startsWith('waiting for PostgreSQL'));
      expect(waitingLine?.msg).toMatch(/ECONNREFUSED.*\/readyz answers 503 until it is up/);
      expect(runtime).toBeUndefined();

      await proxy.up();
      await starting;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(lines.some((l) => l.msg === 'the database answers; starting')).toBe(true);
      // Ready, then the database goes away: /readyz says so, and comes back with it.
      await proxy.down();
      const lost = await fetch(`${url}/readyz`);
      expect(lost.status).toBe(503);
      expect(((await lost.json()) as { detail: string }).detail).toMatch(/^The database does not answer: /);
      await proxy.up();
      let back = await fetch(`${url}/readyz`);
      for (let i = 0; i < 100 && back.status !== 200; i++) back = await fetch(`${url}/readyz`);
      expect(back.status).toBe(200);
    } finally {
      if (!runtime) await proxy.up();
      await starting.then((r) => r.stop()).catch(() => {});
      await proxy.close();
      await db.drop();
    }
  }, 120_000);
});
