import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../db/connect.js';
import { type PausableProxy, startPausableProxy } from '../testing/pausableProxy.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { createApp } from './app.js';
import type { AppEnv } from './context.js';
import { requestDeadline } from './deadline.js';
import { HttpProblem, problemResponse } from './problem.js';

/** Calls `app` and measures how long the answer took. */
async function timedGet(app: ReturnType<typeof createApp>, key: string, path = '/v1/workflows') {
  const started = performance.now();
  const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
  const body = await res.text();
  return {
    status: res.status,
    ms: performance.now() - started,
    retryAfter: res.headers.get('retry-after'),
    contentType: res.headers.get('content-type'),
    body: body ? (JSON.parse(body) as { detail?: string; status?: number }) : {},
  };
}

describe('request deadline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REQUEST_TIMEOUT_MS: '300' } });
  });
  afterAll(() => t.close());

  it('answers 503 problem+json with Retry-After when a request outlives REQUEST_TIMEOUT_MS', async () => {
    // A real lock wait: the list query blocks behind this transaction until it ends.
    const { release, holder } = await holdWorkflowsLock(t.db.sql);
    try {
      const answer = await timedGet(t.app, t.adminKey);
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('2');
      expect(answer.contentType).toBe('application/problem+json');
      // The lock is held until after the answer: only the deadline can have answered.
      expect(answer.body).toMatchObject({ status: 503, detail: expect.stringMatching(/within 0.3 s/) });
    } finally {
      release();
      await holder;
    }
    expect((await timedGet(t.app, t.adminKey)).status).toBe(200);
  });
});

describe('request deadline with handlers that misbehave', () => {
  const app = new Hono<AppEnv>();
  app.use('*', requestDeadline(100));
  app.onError((error, c) => (error instanceof HttpProblem ? problemResponse(c, error) : c.text('500', 500)));
  let lateFailure!: () => void;
  const failedLate = new Promise<void>((resolve) => {
    lateFailure = resolve;
  });
  app.get('/never', () => new Promise<Response>(() => {}));
  app.get('/throws-late', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    lateFailure();
    throw new Error('too late to matter');
  });
  // Keeps the event loop busy in slices (1 ms of work per turn): timers still run between them.
  app.get('/busy', async (c) => {
    const until = performance.now() + 1_000;
    while (performance.now() < until) {
      const slice = performance.now() + 1;
      while (performance.now() < slice) {}
      await new Promise((resolve) => setImmediate(resolve));
    }
    return c.text('done');
  });

  it.each(['/never', '/throws-late', '/busy'])('answers %s with 503 at the deadline', async (path) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(((await res.json()) as { detail: string }).detail).toBe(
        'The request did not finish within 0.1 s; retry shortly',
      );
      if (path === '/throws-late') await failedLate;
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('database outage', () => {
  let t: TestApp;
  let proxy: PausableProxy;
  let app: ReturnType<typeof createApp>;
  let sql: ReturnType<typeof connect>;
  beforeAll(async () => {
    t = await createTestApp();
    proxy = await startPausableProxy(t.db.url);
    sql = connect(proxy.url, { max: 4 });
    app = createApp({ ...t.deps, sql });
  });
  afterAll(async () => {
    await sql.end({ timeout: 1 });
    await proxy.close();
    await t.close();
  });

  it('answers 503 with Retry-After at once for as long as the database is down, and 200 as soon as it is back', async () => {
    expect((await timedGet(app, t.adminKey)).status).toBe(200);
    await proxy.down();
    // postgres.js' default reconnect backoff grew with every refused connect (up to 20 s), so
    // requests a few seconds into an outage hung: each one here must still answer at once.
    // Each says the database is unavailable: none waited for the request deadline (8 s) instead.
    const during = [];
    for (let i = 0; i < 25; i++) during.push(await timedGet(app, t.adminKey));
    expect(during.map((a) => a.status)).toEqual(during.map(() => 503));
    expect(during.every((a) => a.retryAfter === '2')).toBe(true);
    expect(new Set(during.map((a) => a.body.detail))).toEqual(
      new Set(['The database is unavailable; retry shortly']),
    );
    console.info(`answers during the outage: slowest ${Math.max(...during.map((a) => a.ms)).toFixed(0)} ms`);

    await proxy.up();
    const back = performance.now();
    let answer = await timedGet(app, t.adminKey);
    // A hang guard only: how fast the pool is back is measured by the chaos battery (`postgres`).
    while (answer.status !== 200 && performance.now() - back < 20_000)
      answer = await timedGet(app, t.adminKey);
    expect(answer.status).toBe(200);
  });

  it('answers 503 when the database goes away in the middle of a request', async () => {
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = t.db.sql.begin(async (tx) => {
      await tx`lock table workflows in access exclusive mode`;
      locked();
      await released;
    });
    await isLocked;
    try {
      const pending = timedGet(app, t.adminKey);
      // The request's query is now on the wire, waiting for the lock.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await proxy.down();
      const answer = await pending;
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('2');
    } finally {
      release();
      await holder;
      await proxy.up();
    }
  });
});

/** Holds an exclusive lock on workflows in a transaction of its own until `release()`. */
async function holdWorkflowsLock(sql: Sql) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = sql.begin(async (tx) => {
    await tx`lock table workflows in access exclusive mode`;
    locked();
    await released;
  });
  await isLocked;
  return { release, holder };
}
