import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Sql } from '../../src/db/connect.js';
import { freePort } from './cluster.js';

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface HandRolledService {
  pid: number;
  /** Its events endpoint: one event or `{ batch }`. */
  url: string;
  /** Contacts `<prefix>*` whose event is marked sent. */
  served(prefix: string): () => Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the hand-rolled trigger → gate → send service (handRolledService.ts) in a child process on
 * the bench database, sending to `smtpUrl`; its events table is created here.
 *
 * @example
 * const service = await startHandRolled(sql, cluster.url, smtp.url, workspaceId);
 */
export async function startHandRolled(
  sql: Sql,
  databaseUrl: string,
  smtpUrl: string,
  workspaceId: string,
): Promise<HandRolledService> {
  await sql`create table if not exists hand_rolled_events (
    id text primary key, contact_id text not null, type text not null,
    received_at timestamptz not null default now(), sent_at timestamptz)`;
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/harness/handRolledService.ts',
      databaseUrl,
      smtpUrl,
      String(port),
      workspaceId,
    ],
    { cwd: runtimeDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('hand-rolled service listening')) resolve();
    });
    void exited.then(() => reject(new Error('the hand-rolled service exited before it listened')));
  });
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}/events`,
    served: (prefix) => async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from hand_rolled_events
        where sent_at is not null and starts_with(contact_id, ${prefix})`;
      return row?.n ?? 0;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
