import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { loadRegistry, type RuntimeRegistry } from '../registry.js';
import { eventLoopWhile } from '../testing/eventLoop.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';

// The hostile packs, loaded as an operator would (CROSSROADS_PACKS): none may hold the
// runtime's event loop, read its environment or run in its process.
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const stolen = '/tmp/crossroads-load-env-stolen';
// A generous wall limit: under a busy machine the loops get little CPU, and the CPU limits are tested.
const limits = { loadCpuMs: 1_000, callCpuMs: 400, callTimeoutMs: 60_000 };

let registry: RuntimeRegistry;
let t: TestApp;

/** The event loop while `during` runs, with /healthz polled on the test app. */
const eventLoopHeldWhile = (during: () => Promise<unknown>) =>
  eventLoopWhile(async () => expect((await t.app.request('/healthz')).status).toBe(200), during);

/** The event loop while the hostile packs loaded. */
let loading: { heldMs: number };

beforeAll(async () => {
  rmSync(stolen, { force: true });
  process.env.CROSSROADS_ADMIN_KEY = 'the-admin-key-no-pack-may-read';
  // /healthz is polled on an app without packs while the hostile ones load.
  t = await createTestApp({ registry: await loadRegistry(undefined, createLogger('silent')) });
  loading = await eventLoopHeldWhile(async () => {
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
    const first = await eventLoopHeldWhile(async () => {
      created = await t.call('POST', '/v1/workflows', { graph: graph(true) });
    });
    expect(first.heldMs).toBeLessThan(100);
    expect(first.probeMs.length).toBeGreaterThan(5);
    expect(created!.status).toBe(201);
    const problem = created!.body.problems.find((item) => item.nodeId === 'looping-gate');
    expect(problem?.message).toMatch(
      /: the 'outputs-loop\/branches' v1 step failed on this configuration: outputs-loop\/branches@1 used more than 400 ms of CPU and was stopped$/,
    );
    // Reading the draft again does not re-run the loop: the failure is remembered for a while.
    const again = await eventLoopHeldWhile(async () => {
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
