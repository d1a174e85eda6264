import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../access/workspaces.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { BYTES_PER_UNIT, createAdmission, requestUnits } from './admission.js';
import type { AppEnv } from './context.js';

/** Holds every `GET /v1/workflows` of the database behind an exclusive lock until `release()`. */
async function blockWorkflowReads(t: TestApp) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = t.db.sql.begin(async (tx) => {
    await tx`lock table workflows in access exclusive mode`;
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await holder;
  };
}

const get = (t: TestApp, key: string, path = '/v1/workflows') =>
  t.app.request(path, { headers: { authorization: `Bearer ${key}` } });

/** Waits until `n` statements wait for the lock: their requests are past admission. */
async function waitingOnLock(t: TestApp, n: number) {
  for (let i = 0; i < 500; i++) {
    const [row] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`;
    if (row!.n >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${n} requests never reached the lock`);
}

/** Once the held handlers have finished (they run on after the deadline answered), 200 again. */
async function untilAdmitted(t: TestApp) {
  let answer = await get(t, t.adminKey);
  for (let i = 0; i < 500 && answer.status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer = await get(t, t.adminKey);
  }
  return answer.status;
}

describe('admission control', () => {
  let t: TestApp;
  let otherKey: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: { MAX_IN_FLIGHT: '6', MAX_IN_FLIGHT_PER_WORKSPACE: '4', REQUEST_TIMEOUT_MS: '1500' },
    });
    // Made directly: through the API a busy machine could let the deadline answer it.
    otherKey = (await createWorkspace(t.db.sql, { workspaceId: t.workspaceId, name: 'test' }, 'Other'))
      .adminKey;
  });
  afterAll(() => t.close());

  it("refuses a workspace's requests past its bound with 503 problem+json and Retry-After, and admits another workspace's", async () => {
    const unblock = await blockWorkflowReads(t);
    try {
      const held = Array.from({ length: 4 }, () => get(t, t.adminKey));
      await waitingOnLock(t, 4);
      const refused = await get(t, t.adminKey);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(((await refused.json()) as { detail: string }).detail).toMatch(
        /^This workspace's requests are at capacity \(4 units/,
      );
      // Another workspace still gets in (its own read waits for the lock, then answers).
      const other = get(t, otherKey);
      // Past the process bound (4 + 1 + 1 = 6), everyone is refused, probes excepted.
      const third = await get(t, otherKey, '/v1/me');
      // Admitted: answered, or (on a very busy machine) by the deadline, never "at capacity".
      if (third.status !== 200) expect(await third.text()).toMatch(/did not finish within/);
      const overProcess = await Promise.all([get(t, otherKey), get(t, otherKey, '/v1/me')]);
      expect(overProcess.map((r) => r.status)).toContain(503);
      expect((await t.app.request('/healthz')).status).toBe(200);
      await unblock();
      // Answered by the deadline (503) or, once the lock is gone, normally.
      for (const res of await Promise.all([...held, other])) expect([200, 503]).toContain(res.status);
    } finally {
      await unblock();
    }
    expect(await untilAdmitted(t)).toBe(200);
  });

  it('counts a request the deadline answered until its handler has finished', async () => {
    const unblock = await blockWorkflowReads(t);
    try {
      const held = await Promise.all(Array.from({ length: 4 }, () => get(t, t.adminKey)));
      // The deadline (1.5 s) answered them, but their queries still wait for the lock.
      expect(held.map((r) => r.status)).toEqual([503, 503, 503, 503]);
      expect(((await held[0]!.json()) as { detail: string }).detail).toMatch(/did not finish within 1.5 s/);
      const refused = await get(t, t.adminKey);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/at capacity/);
    } finally {
      await unblock();
    }
    // Their handlers finished once the lock was released: the workspace is admitted again.
    expect(await untilAdmitted(t)).toBe(200);
  });
});

describe('request units', () => {
  const app = new Hono<AppEnv>();
  const admission = createAdmission({ process: 20, workspace: 20 });
  app.use('*', admission.process);
  app.post('/x', (c) => c.text(String(admission.inFlight().process)));

  it('costs 1 plus 1 per 16 KiB of declared body, capped at the bound', async () => {
    const units = (length: number, cap = 20) =>
      requestUnits({ req: { header: () => String(length) } } as never, cap);
    expect(units(0)).toBe(1);
    expect(units(BYTES_PER_UNIT - 1)).toBe(1);
    expect(units(10 * BYTES_PER_UNIT)).toBe(11);
    expect(units(5 * 1024 * 1024)).toBe(20);
    const body = 'y'.repeat(3 * BYTES_PER_UNIT);
    const res = await app.request('/x', {
      method: 'POST',
      body,
      headers: { 'content-length': String(body.length) },
    });
    expect(await res.text()).toBe('4');
    expect(admission.inFlight().process).toBe(0);
  });
});

describe('refusal before the request is parsed', () => {
  const held: Array<() => void> = [];
  let handled = 0;
  const admission = createAdmission({ process: 3, workspace: 2 }, (path) => path === '/healthz');
  const app = new Hono<AppEnv>();
  let reachedHono = 0;
  app.use('*', async (_c, next) => {
    reachedHono++;
    await next();
  });
  app.use('*', admission.process);
  app.use('/v1/*', async (c, next) => {
    c.set('auth', { workspaceId: c.req.header('x-api-key') ?? 'none' } as never);
    await next();
  });
  app.use('/v1/*', admission.workspace);
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/v1/hold', async (c) => {
    handled++;
    await new Promise<void>((resolve) => held.push(resolve));
    return c.text('done');
  });
  const listener = getRequestListener(app.fetch);
  const ask = {
    isUpload: () => false,
    workspaceOf: (req: IncomingMessage) => req.headers['x-api-key'] as string | undefined,
  };
  const server = createServer((req, res) => {
    if (!admission.refuseEarly(req, res, ask)) void listener(req, res);
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const release of held) release();
    await new Promise((resolve) => server.close(resolve));
  });
  const hold = (workspace: string) => fetch(`${base}/v1/hold`, { headers: { 'x-api-key': workspace } });
  const untilHeld = async (n: number) => {
    for (let i = 0; i < 500 && admission.inFlight().process < n; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(admission.inFlight().process).toBe(n);
  };

  it("answers 503 problem+json at a workspace's or the process's bound without running any middleware", async () => {
    const first = [hold('a'), hold('a')];
    await untilHeld(2);
    const refused = await hold('a');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { status: number; detail: string; instance: string };
    expect(body).toMatchObject({ status: 503, instance: '/v1/hold' });
    expect(body.detail).toMatch(/^This workspace's requests are at capacity \(2 units/);
    expect([handled, reachedHono]).toEqual([2, 2]);
    // Another workspace gets in; then the process is full for everyone but the probes.
    const other = hold('b');
    await untilHeld(3);
    const overProcess = await hold('c');
    expect(overProcess.status).toBe(503);
    expect(((await overProcess.json()) as { detail: string }).detail).toMatch(
      /^The API is at capacity \(3 units/,
    );
    expect([handled, reachedHono]).toEqual([3, 3]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    for (const release of held.splice(0)) release();
    expect((await Promise.all([...first, other])).map((r) => r.status)).toEqual([200, 200, 200]);
    // Capacity freed: admitted again.
    const again = hold('a');
    await untilHeld(1);
    for (const release of held.splice(0)) release();
    expect((await again).status).toBe(200);
  });
});
