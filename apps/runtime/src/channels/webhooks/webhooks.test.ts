import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook } from './deliver-webhook.js';
import { WEBHOOK_MAX_ATTEMPTS, webhookRetrySchedule } from './retry-schedule.js';
import { generateWebhookSecret, signWebhook } from './sign-webhook.js';
import { verifyWebhook } from './verify-webhook.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base: string;
const received: Received[] = [];
/** Status the receiver answers per path; `hang` never answers. */
const behaviour: Record<string, number | 'hang'> = {
  '/ok': 200,
  '/down': 500,
  '/gone': 410,
  '/busy': 429,
  '/slow': 'hang',
};

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ path: req.url ?? '', headers: req.headers, body });
    const answer = behaviour[req.url ?? ''] ?? 404;
    if (answer === 'hang') return;
    res.writeHead(answer).end('thanks');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const oldSecret = generateWebhookSecret();
const newSecret = generateWebhookSecret();
const handoff = { type: 'sales.handoff', contact: { id: 'c_1', email: 'ann@example.com' }, priority: 'high' };

async function deliverTo(path: string, id: string, timeoutMs = 2_000) {
  const before = received.length;
  const outcome = await deliverWebhook({
    url: `${base}${path}`,
    id,
    payload: handoff,
    secrets: [newSecret, oldSecret],
    allowLoopback: true,
    timeoutMs,
  });
  return { outcome, requests: received.slice(before) };
}

describe('signWebhook / verifyWebhook', () => {
  it('signs once per active secret, and either secret verifies', () => {
    const payload = JSON.stringify(handoff);
    const headers = signWebhook({
      id: 'msg_1',
      timestamp: new Date(),
      payload,
      secrets: [newSecret, oldSecret],
    });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verifyWebhook({ payload, headers: { ...headers }, secrets: [oldSecret] })).toEqual({
      ok: true,
      id: 'msg_1',
    });
    expect(verifyWebhook({ payload, headers: { ...headers }, secrets: [newSecret] })).toEqual({
      ok: true,
      id: 'msg_1',
    });
  });

  it('refuses a tampered payload, a foreign secret and a stale timestamp', () => {
    const payload = '{"a":1}';
    const headers = { ...signWebhook({ id: 'msg_2', timestamp: new Date(), payload, secrets: [newSecret] }) };
    expect(verifyWebhook({ payload: '{"a":2}', headers, secrets: [newSecret] }).ok).toBe(false);
    expect(verifyWebhook({ payload, headers, secrets: [generateWebhookSecret()] }).ok).toBe(false);
    const stale = {
      ...signWebhook({
        id: 'msg_2',
        timestamp: new Date(Date.now() - 3_600_000),
        payload,
        secrets: [newSecret],
      }),
    };
    expect(verifyWebhook({ payload, headers: stale, secrets: [newSecret] })).toMatchObject({ ok: false });
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook({ id: 'x', timestamp: new Date(), payload: '', secrets: [] })).toThrow(
      /at least one secret/,
    );
  });
});

describe('deliverWebhook against a loopback receiver', () => {
  it('delivers a signed JSON body that verifies with the rotated-out secret', async () => {
    const { outcome, requests } = await deliverTo('/ok', 'handoff_42');
    expect(outcome).toEqual({ status: 'delivered', httpStatus: 200, responseBody: 'thanks' });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(handoff);
    const verified = verifyWebhook({
      payload: request?.body ?? '',
      headers: request?.headers ?? {},
      secrets: [oldSecret],
    });
    expect(verified).toEqual({ ok: true, id: 'handoff_42' });
  });

  it('keeps the webhook-id stable across retries', async () => {
    const first = await deliverTo('/down', 'handoff_43');
    const second = await deliverTo('/ok', 'handoff_43');
    expect(first.outcome).toEqual({
      status: 'transient',
      reason: 'receiver answered HTTP 500',
      httpStatus: 500,
    });
    expect(second.outcome.status).toBe('delivered');
    expect([...first.requests, ...second.requests].map((r) => r.headers['webhook-id'])).toEqual([
      'handoff_43',
      'handoff_43',
    ]);
  });

  it('classifies 429 as transient and 410 as permanent', async () => {
    expect((await deliverTo('/busy', 'h_44')).outcome).toMatchObject({
      status: 'transient',
      httpStatus: 429,
    });
    expect((await deliverTo('/gone', 'h_45')).outcome).toMatchObject({
      status: 'permanent',
      httpStatus: 410,
    });
  });

  it('classifies a receiver that does not answer in time as transient', async () => {
    const { outcome } = await deliverTo('/slow', 'h_46', 200);
    expect(outcome).toEqual({ status: 'transient', reason: 'no complete response within 200 ms' });
  });

  it('refuses loopback without the development flag, as a permanent failure', async () => {
    const before = received.length;
    const outcome = await deliverWebhook({
      url: `${base}/ok`,
      id: 'h_47',
      payload: handoff,
      secrets: [newSecret],
    });
    expect(outcome).toEqual({ status: 'permanent', reason: 'address refused: loopback address' });
    expect(received.length).toBe(before);
  });
});

describe('webhookRetrySchedule', () => {
  it('backs off exponentially for about 24 hours, then dead-letters', () => {
    const delays: number[] = [];
    for (let attempt = 1; attempt < WEBHOOK_MAX_ATTEMPTS; attempt++) {
      const decision = webhookRetrySchedule(attempt, () => 0.5);
      if (!decision.retry) throw new Error(`attempt ${attempt} should retry`);
      delays.push(decision.delayMs);
    }
    expect(delays[0]).toBe(30_000);
    expect(delays[1]).toBe(60_000);
    const totalHours = delays.reduce((a, b) => a + b, 0) / 3_600_000;
    expect(totalHours).toBeGreaterThan(20);
    expect(totalHours).toBeLessThan(28);
    expect(webhookRetrySchedule(WEBHOOK_MAX_ATTEMPTS)).toEqual({ retry: false, deadLetter: true });
  });

  it('jitters by at most 20 %', () => {
    const low = webhookRetrySchedule(3, () => 0);
    const high = webhookRetrySchedule(3, () => 0.999999);
    expect(low).toEqual({ retry: true, delayMs: 96_000 });
    expect(high.retry && high.delayMs).toBeCloseTo(144_000, -1);
  });
});
