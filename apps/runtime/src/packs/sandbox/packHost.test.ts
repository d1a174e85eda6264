import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExecuteContext, testContext } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { type LoadedPack, loadPacks } from '../loader.js';
import { createPackHost, type PackHost } from './packHost.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const ctx: ExecuteContext<unknown> = testContext({});
let host: PackHost;
let loaded: LoadedPack[];

/** What the sandbox must never reach: a TCP and a UDP receiver, and a file that must not appear. */
let tcp: Server;
let udp: Socket;
const connections: string[] = [];
const datagrams: string[] = [];
const marker = join(tmpdir(), `crossroads-hostile-${process.pid}`);
let targets: { tcpPort: number; udpPort: number; marker: string };

const sockets = () =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;

beforeAll(async () => {
  tcp = createServer((socket) => {
    connections.push(String(socket.remotePort));
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  udp = createSocket('udp4', (message) => datagrams.push(String(message)));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  targets = { tcpPort: (tcp.address() as { port: number }).port, udpPort: udp.address().port, marker };
  const result = await loadPacks([join(fixtures, 'hostile'), join(fixtures, 'good')], { baseDir: fixtures });
  expect(result.errors).toEqual([]);
  loaded = result.packs;
  host = createPackHost({
    packs: loaded,
    logger: createLogger('silent'),
    limits: { callCpuMs: 300, callTimeoutMs: 2_000, heapMb: 32, packCpuMsPerMinute: 600_000 },
  });
});
afterAll(async () => {
  await host.close();
  tcp.close();
  udp.close();
});

const run = (name: string, config: unknown = {}) => host.execute(`hostile/${name}`, 1, testContext(config));
const healthy = async () => expect(await run('ok')).toEqual({ next: 'next', reason: { summary: 'fine' } });

describe('pack sandbox containment', () => {
  it('runs a well-behaved node and returns its checked decision', async () => {
    await healthy();
    expect(await host.execute('good-pack/echo', 1, testContext({ text: 'hi' }))).toEqual({
      next: 'next',
      reason: { summary: 'hi' },
    });
  });

  it('gives pack code no Node built-in: no socket, file, process, worker or binding opens', async () => {
    const before = sockets();
    const sync = (await run('escape', targets)).reason?.details as Record<string, string>;
    const async = (await run('escape-async', targets)).reason?.details as Record<string, string>;
    for (const details of [sync, async]) {
      expect(details.globals).toBe(
        'process:undefined require:undefined module:undefined Buffer:undefined WebAssembly:undefined Deno:undefined Bun:undefined __host:undefined std:undefined os:undefined SharedArrayBuffer:function Atomics:undefined',
      );
      // The Function constructor reaches the VM's own globals, which have no process or require.
      expect(details.functionConstructor).toBe('allowed: undefined undefined');
      expect(details.constructorChain).toBe('allowed: undefined');
      expect(details.hostViaPrototype).toBe('allowed: undefined');
      for (const name of ['processBinding', 'internalBinding'])
        expect(details[name]).toMatch(/^refused: .*not defined/);
      for (const name of [
        'netServer',
        'netConnect',
        'httpServer',
        'httpRequest',
        'udp',
        'spawn',
        'worker',
        'writeFile',
        'readFile',
        'inspector',
        'nodeVm',
      ]) {
        expect(details[name], name).toMatch(
          /^refused: node:[a-z_]+ is a Node built-in: pack code runs without Node APIs/,
        );
      }
      expect(details.wasm).toMatch(/^refused: /);
      expect(details.eval).toBe('allowed: undefined');
    }
    for (const name of ['importFs', 'importStd', 'importOs', 'importFile'])
      expect(async[name], name).toMatch(/^refused: /);
    expect(async.atomicsWait).toMatch(/^refused: /);
    // Seen from outside: nothing connected, nothing was sent, no file, no new socket in this process.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connections).toEqual([]);
    expect(datagrams).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    expect(sockets()).toBe(before);
  });

  it('refuses network to a host the node did not declare, whatever the VM believes the URL is', async () => {
    await expect(run('undeclared-host')).rejects.toThrow(
      'fetch failed: hostile/undeclared-host@1 may not reach example.com: it declares http hosts [hooks.slack.com]',
    );
    await expect(run('poisoned-fetch', targets)).rejects.toThrow(
      'fetch failed: hostile/poisoned-fetch@1 may not reach 127.0.0.1: it declares http hosts [hooks.slack.com]',
    );
    expect(connections).toEqual([]);
    await healthy();
  });

  it('stops an infinite loop at its CPU limit, and the next call works', async () => {
    await expect(run('loop')).rejects.toThrow(
      'Pack node hostile/loop@1 used more than 300 ms of CPU and was stopped',
    );
    await healthy();
  });

  it('stops a node that allocates without bound, on the heap or in buffers (memory of its VM)', async () => {
    await expect(run('allocate')).rejects.toThrow(
      'Pack node hostile/allocate@1 exceeded its memory limit of 32 MB',
    );
    await expect(run('buffers')).rejects.toThrow(
      'Pack node hostile/buffers@1 exceeded its memory limit of 32 MB',
    );
    await healthy();
  });

  it('survives unbounded recursion', async () => {
    await expect(run('recursion')).rejects.toThrow(/hostile\/recursion@1/);
    await healthy();
  });

  it('reports a thrown error, and a call that can never finish, as the step failure', async () => {
    await expect(run('throw')).rejects.toThrow('Pack node hostile/throw@1 failed: boom from the pack');
    await expect(run('stuck')).rejects.toThrow(
      'hostile/stuck@1 never finished: it awaits a promise that nothing resolves',
    );
    await healthy();
  });

  it('stops work a node leaves running after it returned, and reports it against that node', async () => {
    // The call answers (the runaway is the VM's, after the answer), and the VM is stopped and blamed.
    expect(await run('after-return')).toMatchObject({ next: 'next' });
    expect(host.incidents().at(-1)).toMatchObject({
      pack: 'hostile',
      node: 'hostile/after-return@1',
      message: expect.stringContaining('kept running after it returned'),
    });
    expect(await run('timer-after-return')).toMatchObject({ next: 'next' });
    expect(host.incidents().at(-1)).toMatchObject({
      node: 'hostile/timer-after-return@1',
      message: expect.stringContaining('timer'),
    });
    await healthy();
  });

  it('refuses a reason over its size limit, naming the node and the limit', async () => {
    await expect(run('big-reason')).rejects.toThrow(
      'hostile/big-reason@1 returned a reason of 5.0 MB, over the limit of 16 KB',
    );
    await healthy();
  });

  it('keeps prototype pollution inside the VM and refuses the smuggled decision', async () => {
    await expect(run('pollute')).rejects.toThrow(
      /hostile\/pollute returned an invalid decision: .*Unrecognized key: "__proto__"/s,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await healthy();
  });

  it('refuses a decision that names an output the node does not have', async () => {
    await expect(run('wrong-output')).rejects.toThrow("hostile/wrong-output chose output 'nowhere'");
  });

  it('costs little per call once the sandbox is warm (median printed; `pnpm bench` measures)', async () => {
    await healthy();
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      await host.execute('good-pack/echo', 1, testContext({ text: `call ${i}` }));
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.info(`sandboxed call: median ${times[150]!.toFixed(3)} ms, p95 ${times[285]!.toFixed(3)} ms`);
    expect(times).toHaveLength(300);
  });
});

describe('blame between node types of one pack', () => {
  it('lets a looping node type fail alone: its sibling is neither delayed behind it nor blamed', async () => {
    const { packs } = await loadPacks([join(fixtures, 'siblings')], { baseDir: fixtures });
    const siblings = createPackHost({
      packs,
      logger: createLogger('silent'),
      limits: { callCpuMs: 200, callTimeoutMs: 5_000, packCpuMsPerMinute: 1_000 },
    });
    try {
      const order: string[] = [];
      const spins = Array.from({ length: 12 }, () =>
        siblings.execute('siblings/spin', 1, ctx).then(
          () => order.push('spin ok'),
          (error: Error) => order.push(`spin: ${error.message}`),
        ),
      );
      // Started while the spins are queued and running.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const calm = Array.from({ length: 12 }, () =>
        siblings.execute('siblings/calm', 1, ctx).then(
          (decision) => order.push(`calm ${decision.reason?.summary}`),
          (error: Error) => order.push(`calm failed: ${error.message}`),
        ),
      );
      await Promise.all([...spins, ...calm]);
      const spinResults = order.filter((entry) => entry.startsWith('spin'));
      expect(order.filter((entry) => entry.startsWith('calm'))).toEqual(Array(12).fill('calm calm'));
      // Every calm call finished before the spins were done: none waited behind them.
      expect(order.at(-1)).toMatch(/^spin/);
      for (const result of spinResults) {
        expect(result).toMatch(
          /^spin: Pack node siblings\/spin(@1 used more than 200 ms of CPU and was stopped| used \d+ ms of CPU in the last minute; pack siblings may use 1000 ms per minute)/,
        );
      }
      // The budget refused the runaway, not its sibling.
      expect(spinResults.some((result) => result.includes('in the last minute'))).toBe(true);
      expect(await siblings.execute('siblings/calm', 1, ctx)).toMatchObject({ next: 'next' });
    } finally {
      await siblings.close();
    }
  });
});
