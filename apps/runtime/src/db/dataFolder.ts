import { readFile, realpath } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import postgres from 'postgres';

/** The embedded cluster's superuser password (it listens on loopback only). */
export const EMBEDDED_PASSWORD = 'crossroads';

/** The folder inside a data folder that holds the embedded Postgres cluster. */
export const clusterDir = (dataDir: string) => join(dataDir, 'postgres');

/** What a data folder's running Postgres says about itself. */
export interface RunningCluster {
  port: number;
  /** False while it starts up or shuts down (it refuses connections then). */
  ready: boolean;
}

/**
 * The Postgres running on this data folder, if any, found through the `postmaster.pid` Postgres
 * keeps in its cluster folder while it runs (documented: pid, data directory, start time, port,
 * socket directory, listen address, shared memory key, status). The port is read there, never
 * guessed, so a process never finds another data folder's database. A stale file (the process is
 * gone) or a server that does not serve this very folder counts as none.
 */
export async function runningCluster(dataDir: string): Promise<RunningCluster | undefined> {
  const dir = clusterDir(dataDir);
  let lines: string[];
  try {
    lines = (await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  if (!alive(pid)) return undefined;
  if (lines[7]?.trim() !== 'ready') return { port, ready: false };
  return (await servesFolder(port, dir)) ? { port, ready: true } : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (Postgres runs as `postgres` when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the server on `port` runs on the cluster folder `dir` (asked, not assumed). */
async function servesFolder(port: number, dir: string): Promise<boolean> {
  const probe = postgres(`postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`, {
    max: 1,
    connect_timeout: 2,
    onnotice: () => {},
  });
  try {
    const [row] = await probe<{ dir: string }[]>`select current_setting('data_directory') as dir`;
    return row !== undefined && (await canonical(row.dir)) === (await canonical(dir));
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

const canonical = (path: string) => realpath(path).catch(() => resolve(path));

/** A TCP port free on loopback right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
