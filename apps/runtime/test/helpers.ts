import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphInput } from '@crossroads/graph-schema';
import { expect } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { type RunningWorker, startWorker } from '../src/worker/worker.js';

/** An example journey from examples/<name>/graph.json (a fresh copy to edit). */
export function exampleGraph(name: string): GraphInput {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../../examples', name, 'graph.json'), 'utf8'));
}

/** A test app on a fresh database with an in-process worker; the catcher listens on a free port. */
export async function createEngineApp(
  env: Record<string, string> = {},
): Promise<TestApp & { worker: RunningWorker }> {
  const t = await createTestApp({ env: { SMTP_CATCHER_PORT: '0', WORKER_CONCURRENCY: '4', ...env } });
  if (process.env.TEST_LOG) t.deps.logger = createLogger(process.env.TEST_LOG);
  const worker = await startWorker(t.deps, { sweepEveryMs: 1000 });
  return {
    ...t,
    worker,
    async close() {
      await worker.stop();
      await t.close();
    },
  };
}

/** Creates, publishes and activates a workflow through the API; returns its id. */
export async function publishJourney(t: TestApp, graph: unknown, key?: string): Promise<string> {
  const created = await t.call('POST', '/v1/workflows', { graph }, key);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const published = await t.call('POST', `/v1/workflows/${id}/versions`, { message: 'test' }, key);
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  const activated = await t.call(
    'POST',
    `/v1/workflows/${id}/activate`,
    { version: published.body.version },
    key,
  );
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  return id;
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  // A hang guard, generous: a busy machine (two cores shared with other jobs) is slow, not wrong.
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Imports a CSV (the file as the POST body, settings as query parameters) and waits until done. */
export async function importCsv(t: TestApp, lines: string[], columns: unknown[]) {
  const query = new URLSearchParams({ keyColumn: 'id', columns: JSON.stringify(columns) });
  const res = await t.app.request(`/v1/contacts/imports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'text/csv' },
    body: lines.join('\n'),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return eventually(async () => {
    const { body } = await t.call('GET', `/v1/contacts/imports/${id}`);
    return body.state === 'done' && { ...body, id };
  });
}
