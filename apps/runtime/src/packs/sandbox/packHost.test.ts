import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExecuteContext, testContext } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { loadPacks } from '../loader.js';
import { createPackHost, type PackHost } from './packHost.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const ctx: ExecuteContext<unknown> = testContext({});
let host: PackHost;

beforeAll(async () => {
  const { packs, errors } = await loadPacks([join(fixtures, 'hostile'), join(fixtures, 'good')], {
    baseDir: fixtures,
  });
  expect(errors).toEqual([]);
  host = createPackHost({ packs, logger: createLogger('silent'), limits: { callTimeoutMs: 2_000 } });
});
afterAll(() => host.close());

const run = (name: string) => host.execute(`hostile/${name}`, 1, ctx);
const healthy = async () => expect(await run('ok')).toEqual({ next: 'next', reason: { summary: 'fine' } });

describe('pack sandbox containment', () => {
  it('runs a well-behaved node and returns its checked decision', async () => {
    await healthy();
    expect(await host.execute('good-pack/echo', 1, testContext({ text: 'hi' }))).toEqual({
      next: 'next',
      reason: { summary: 'hi' },
    });
  });

  it('gives pack code no environment, no files, no processes and no sockets', async () => {
    process.env.CROSSROADS_TEST_SECRET = 'do-not-leak';
    const decision = await run('environment');
    const details = decision.reason?.details as Record<string, unknown>;
    expect(details.env).toEqual({});
    expect(details.file).toMatch(/^refused: Access to this API has been restricted/);
    expect(details.spawn).toMatch(/^refused: Access to this API has been restricted/);
    expect(details.socket).toMatch(/^refused: net.connect is not allowed in a pack sandbox/);
    expect(details.server).toMatch(/^refused: net.Server.listen is not allowed/);
    expect(details.dns).toMatch(/^refused: dns.Resolver is not allowed/);
    expect(details.signal).toMatch(/^refused: process.kill is not allowed/);
    expect(details.inspector).toMatch(/^refused: process._debugProcess is not allowed/);
    delete process.env.CROSSROADS_TEST_SECRET;
  });

  it('stops an infinite loop at the time limit, and the next call works', async () => {
    const started = Date.now();
    await expect(run('loop')).rejects.toThrow(
      'Pack node hostile/loop@1 exceeded its time limit of 2000 ms and was stopped',
    );
    expect(Date.now() - started).toBeLessThan(6_000);
    await healthy();
  });

  it('fails calls cut short by another call overrunning, saying why', async () => {
    const slow = run('loop');
    const bystander = host.execute('hostile/ok', 1, ctx);
    // The bystander is answered at once (before the loop blocks the child) or cut short with a reason.
    const [bystanderResult] = await Promise.allSettled([bystander, slow.catch(() => undefined)]);
    if (bystanderResult.status === 'rejected') {
      expect(String(bystanderResult.reason)).toMatch(/was restarted while hostile\/ok@1 ran/);
    }
    await healthy();
  });

  it('stops a node that allocates without bound (V8 heap limit)', async () => {
    await expect(run('allocate')).rejects.toThrow(/memory limit of 64 MB/);
    await healthy();
  });

  it('stops a node that hoards buffers outside the heap (resident memory watchdog)', async () => {
    await expect(run('buffers')).rejects.toThrow(/memory limit of (64|256) MB/);
    await healthy();
  });

  it('reports a thrown error as the step failure', async () => {
    await expect(run('throw')).rejects.toThrow('Pack node hostile/throw@1 failed: boom from the pack');
    await healthy();
  });

  it('refuses network to a host the node did not declare', async () => {
    await expect(run('undeclared-host')).rejects.toThrow(
      'fetch failed: hostile/undeclared-host@1 may not reach example.com: it declares http hosts [hooks.slack.com]',
    );
    await healthy();
  });

  it('keeps prototype pollution inside the child and refuses the smuggled decision', async () => {
    await expect(run('pollute')).rejects.toThrow(
      /hostile\/pollute returned an invalid decision: .*Unrecognized key: "__proto__"/s,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    await healthy();
  });

  it('refuses a decision that names an output the node does not have', async () => {
    await expect(run('wrong-output')).rejects.toThrow("hostile/wrong-output chose output 'nowhere'");
  });

  it('costs little per call once the sandbox is warm (median printed)', async () => {
    await healthy();
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      await host.execute('good-pack/echo', 1, testContext({ text: `call ${i}` }));
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[150]!;
    console.info(`sandboxed call: median ${median.toFixed(3)} ms, p95 ${times[285]!.toFixed(3)} ms`);
    expect(median).toBeLessThan(20);
  });
});
