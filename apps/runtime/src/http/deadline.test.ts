import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../db/connect.js';
import { type PausableProxy, startPausableProxy } from '../testing/pausableProxy.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { createApp } from './app.js';

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
      expect(answer.body).toMatchObject({ status: 503, detail: expect.stringMatching(/within 0.3 s/) });
      expect(answer.ms).toBeLessThan(2000);
    } finally {
      release();
      await holder;
    }
    expect((await timedGet(t.app, t.adminKey)).status).toBe(200);
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
    const during = [];
    for (let i = 0; i < 25; i++) during.push(await timedGet(app, t.adminKey));
    expect(during.map((a) => a.status)).toEqual(during.map(() => 503));
    expect(during.every((a) => a.retryAfter === '2')).toBe(true);
    expect(Math.max(...during.map((a) => a.ms))).toBeLessThan(1000);

    await proxy.up();
    const back = performance.now();
    let answer = await timedGet(app, t.adminKey);
    while (answer.status !== 200 && performance.now() - back < 5000) answer = await timedGet(app, t.adminKey);
    expect(answer.status).toBe(200);
    expect(performance.now() - back).toBeLessThan(1000);
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
