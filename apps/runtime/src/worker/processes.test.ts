import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabase.js';

interface Line {
  msg: string;
  process?: string;
  worker?: string;
  pid?: number;
  workerProcesses?: number;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `runtime all` with WORKER_PROCESSES=2, as `pnpm start` runs it, on a real Postgres. */
describe('runtime all with WORKER_PROCESSES=2', () => {
  let db: TestDatabase;
  let parent: ChildProcess | undefined;
  afterAll(async () => {
    if (parent && parent.exitCode === null) parent.kill('SIGKILL');
    await db?.drop();
  });

  it('runs two worker processes that both take jobs, and starts a killed one again', async () => {
    db = await createTestDatabase();
    const lines: Line[] = [];
    parent = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'all'], {
      cwd: join(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        PORT: '0',
        WORKER_PROCESSES: '2',
        WORKER_CONCURRENCY: '2',
        SMTP_CATCHER_PORT: '0',
        CROSSROADS_NO_DEMO_DATA: 'true',
        // Graphile Worker's "Completed task" lines are debug here: they say which process ran a job.
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: parent.stdout! }).on('line', (text) => {
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Line);
    });
    const exited = new Promise<number | null>((resolve) => parent!.once('exit', resolve));

    const started = await waitFor('the parent started', () =>
      lines.find((l) => l.msg === 'crossroads runtime started' && l.process === 'api'),
    );
    expect(started.workerProcesses).toBe(2);
    const pidOf = (label: string) =>
      lines.filter((l) => l.msg === 'worker process started' && l.worker === label).at(-1)?.pid;
    const [first, second] = [pidOf('worker-1'), pidOf('worker-2')];
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(first).not.toBe(second);

    // Jobs for enrollments that do not exist: each is a quick no-op `advance`, logged as completed.
    const completedBy = (label: string, from = 0) =>
      lines.slice(from).filter((l) => l.process === label && l.msg.startsWith('Completed task')).length;
    const queueUntil = async (labels: string[], from: number) => {
      await waitFor(
        `jobs completed by ${labels.join(' and ')}`,
        () => {
          void db.sql`select graphile_worker.add_job('advance', json_build_object('enrollmentId', '999999999', 'visit', 0))
                      from generate_series(1, 20)`.catch(() => {});
          return labels.every((label) => completedBy(label, from) > 0);
        },
        60_000,
      );
    };
    await queueUntil(['worker-1', 'worker-2'], 0);

    // SIGKILL one: the parent says so and starts it again, and the new one takes jobs.
    const before = lines.length;
    process.kill(second!, 'SIGKILL');
    const exit = await waitFor('the death logged', () =>
      lines.find((l) => l.msg === 'worker process exited; starting it again' && l.worker === 'worker-2'),
    );
    expect(exit.pid).toBe(second);
    const restarted = await waitFor('worker-2 started again', () => {
      const pid = pidOf('worker-2');
      return pid !== second && pid;
    });
    expect(alive(first!)).toBe(true);
    await queueUntil(['worker-2'], before);

    // The parent's SIGTERM stops its children with it.
    parent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(first!)).toBe(false);
    expect(alive(restarted)).toBe(false);
  }, 120_000);
});
