import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { runningCluster } from './db/dataFolder.js';
import { createLogger } from './logger.js';
import { type RunningRuntime, type RuntimeMode, startRuntime } from './start.js';

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
