import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { loadRegistry, type RuntimeRegistry } from '../registry.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';

// The hostile packs, loaded as an operator would (CROSSROADS_PACKS): none may hold the
// runtime's event loop, read its environment or run in its process.
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const stolen = '/tmp/crossroads-load-env-stolen';
const limits = { loadCpuMs: 1_000, callCpuMs: 400 };

let registry: RuntimeRegistry;
let t: TestApp;

/** CPU time of the calling thread (the event loop's) in ms, 10 ms steps (Linux). */
function mainThreadCpuMs(): number {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * How long the event loop was held while `during` ran. Every 5 ms a timer notes the time and this
 * thread's CPU: a gap between two ticks is a stall; the CPU this thread used in it is how much of
 * the stall was work on the event loop (pack code run here would show up as such), the rest was
 * the machine giving the thread no core (CI shares two cores with other jobs). Also polls /healthz.
 */
async function eventLoopWhile(during: () => Promise<unknown>) {
  let heldMs = 0;
  let stallMs = 0;
  let healthz = 0;
  let slowestHealthzMs = 0;
  let last = { at: performance.now(), cpu: mainThreadCpuMs() };
  const ticker = setInterval(() => {
    const now = { at: performance.now(), cpu: mainThreadCpuMs() };
    const gap = now.at - last.at;
    stallMs = Math.max(stallMs, gap);
    // The gap's own CPU, less one 10 ms tick of rounding.
    heldMs = Math.max(heldMs, Math.min(gap, now.cpu - last.cpu - 10));
    last = now;
  }, 5);
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      expect((await t.app.request('/healthz')).status).toBe(200);
      slowestHealthzMs = Math.max(slowestHealthzMs, performance.now() - started);
      healthz++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await during();
  } finally {
    running = false;
    clearInterval(ticker);
    await poll;
  }
  console.info(
    `event loop: held at most ${heldMs.toFixed(0)} ms, longest stall ${stallMs.toFixed(0)} ms; /healthz answered ${healthz} times, slowest ${slowestHealthzMs.toFixed(0)} ms`,
  );
  return { heldMs, healthz };
}

/** The event loop while the hostile packs loaded. */
let loading: { heldMs: number };

beforeAll(async () => {
  rmSync(stolen, { force: true });
  process.env.CROSSROADS_ADMIN_KEY = 'the-admin-key-no-pack-may-read';
  // /healthz is polled on an app without packs while the hostile ones load.
  t = await createTestApp({ registry: await loadRegistry(undefined, createLogger('silent')) });
  loading = await eventLoopWhile(async () => {
    registry = await loadRegistry(
      loadConfig({
        CROSSROADS_PACKS: ['load-loop', 'load-env', 'outputs-loop']
          .map((name) => `${fixtures}${name}`)
          .join(','),
      }),
      createLogger('silent'),
      { limits },
    );
  });
  t.deps.registry = registry;
});
afterAll(async () => {
  delete process.env.CROSSROADS_ADMIN_KEY;
  await registry?.close();
  await t?.close();
});

const graph = (loop: boolean) => ({
  schemaVersion: 1,
  id: 'hostile-outputs',
  name: 'Hostile outputs',
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'signup' },
    },
    {
      id: 'looping-gate',
      type: 'outputs-loop/branches',
      version: 1,
      position: { x: 0, y: 100 },
      config: { branches: ['a', 'b'], loop },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'looping-gate' }],
  settings: { reentry: 'once', timezone: 'UTC' },
  packs: { 'outputs-loop': '^1.0.0' },
});

describe('hostile packs', () => {
  it('refuses a pack whose top-level code loops and one that reads the environment, without holding the event loop', () => {
    expect(loading.heldMs).toBeLessThan(100);
    expect(registry.packErrors).toEqual([
      {
        spec: `${fixtures}load-loop`,
        message:
          'failed to load in the sandbox: its top-level code used more than 1000 ms of CPU and was stopped',
      },
      {
        spec: `${fixtures}load-env`,
        message:
          "failed to load in the sandbox: its top-level code: ReferenceError: 'process' is not defined",
      },
    ]);
    // Nothing ran in the runtime's process: no file written, the pack's nodes are not offered.
    expect(existsSync(stolen)).toBe(false);
    expect(registry.get('load-env/leak', 1)).toBeUndefined();
    expect(registry.get('outputs-loop/branches', 1)?.title).toBe('Branches');
  });

  it("keeps /healthz answering while a draft's node loops in outputs(), and names the node in the problem", async () => {
    // The same routes once with a harmless config, so first-use costs (module loading) are not measured.
    expect((await t.call('POST', '/v1/workflows', { graph: graph(false) })).status).toBe(201);
    let created: {
      status: number;
      body: { id: string; problems: Array<{ nodeId?: string; message: string }> };
    };
    const first = await eventLoopWhile(async () => {
      created = await t.call('POST', '/v1/workflows', { graph: graph(true) });
    });
    expect(first.heldMs).toBeLessThan(100);
    expect(first.healthz).toBeGreaterThan(5);
    expect(created!.status).toBe(201);
    const problem = created!.body.problems.find((item) => item.nodeId === 'looping-gate');
    expect(problem?.message).toMatch(
      /: the 'outputs-loop\/branches' v1 step failed on this configuration: outputs-loop\/branches@1 used more than 400 ms of CPU and was stopped$/,
    );
    // Reading the draft again does not re-run the loop: the failure is remembered for a while.
    const again = await eventLoopWhile(async () => {
      const read = await t.call('GET', `/v1/workflows/${created!.body.id}`);
      expect(read.body.problems).toContainEqual(problem);
    });
    expect(again.heldMs).toBeLessThan(100);
    // The same node type with a config that does not loop is fine.
    const fine = await t.call('PUT', `/v1/workflows/${created!.body.id}/draft`, {
      graph: graph(false),
      baseRevision: 1,
    });
    expect(fine.status).toBe(200);
    expect(fine.body.problems.filter((item: { nodeId?: string }) => item.nodeId === 'looping-gate')).toEqual(
      [],
    );
  });
});
