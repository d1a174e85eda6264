import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testContext } from '@crossroads/nodes';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { loadRegistry } from '../../../src/registry.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

const fixtures = fileURLToPath(new URL('../../../src/packs/fixtures/', import.meta.url));

function threadCpuMs(): number {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The longest time this thread's event loop was held by work (not merely starved of a core). */
async function heldWhile(during: () => Promise<void>): Promise<number> {
  let held = 0;
  let last = { at: performance.now(), cpu: threadCpuMs() };
  const ticker = setInterval(() => {
    const now = { at: performance.now(), cpu: threadCpuMs() };
    held = Math.max(held, Math.min(now.at - last.at, now.cpu - last.cpu - 10));
    last = now;
  }, 5);
  try {
    await during();
  } finally {
    clearInterval(ticker);
  }
  return held;
}

/**
 * The hostile packs against a runtime registry: packs whose top level loops or reads the
 * environment, a node whose outputs() loops, a node that tries every way out of its sandbox, and
 * contacts stuck in a looping node next to a well-behaved sibling. Expect: the event loop is never
 * held for 100 ms, the hostile packs fail to load with their reason, nothing opens outside, the
 * sibling's calls all succeed, work left behind after a return is stopped and reported.
 */
export async function hostilePacks(scale: Scale): Promise<ScenarioResult> {
  const loops = scale.name === 'full' ? 100 : 12;
  const r = new Recorder(
    'Hostile packs',
    `loaded 5 hostile packs, tried every sandbox escape, ran ${loops} contacts into a looping node next to a well-behaved sibling`,
  );
  const stolen = '/tmp/crossroads-load-env-stolen';
  const marker = join(tmpdir(), `crossroads-chaos-marker-${process.pid}`);
  rmSync(stolen, { force: true });
  const seen: string[] = [];
  const tcp = createServer((socket) => {
    seen.push('tcp');
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const udp = createSocket('udp4', () => seen.push('udp'));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  process.env.CROSSROADS_ADMIN_KEY = 'chaos-admin-key';
  let registry: Awaited<ReturnType<typeof loadRegistry>> | undefined;
  try {
    const specs = ['load-loop', 'load-env', 'outputs-loop', 'siblings', 'hostile'].map(
      (name) => `${fixtures}${name}`,
    );
    const heldLoading = await heldWhile(async () => {
      registry = await loadRegistry(
        loadConfig({ CROSSROADS_PACKS: specs.join(',') }),
        createLogger('silent'),
        {
          limits: { loadCpuMs: 1_000, callCpuMs: 300, packCpuMsPerMinute: 3_000 },
        },
      );
    });
    const reg = registry!;
    r.expect('event loop held while loading (ms)', Math.round(heldLoading), (v) => v < 100, '< 100');
    r.expect('packs refused at load', reg.packErrors.length, (v) => v === 2, '2 (load-loop, load-env)');
    r.expect('file written by a pack at load', existsSync(stolen) ? 1 : 0, (v) => v === 0, '0');

    const targets = {
      tcpPort: (tcp.address() as { port: number }).port,
      udpPort: udp.address().port,
      marker,
    };
    let allowed = 0;
    for (const name of ['hostile/escape', 'hostile/escape-async']) {
      const decision = await reg.execute(name, 1, testContext(targets));
      const details = (decision.reason?.details ?? {}) as Record<string, string>;
      for (const [attempt, outcome] of Object.entries(details)) {
        const harmless = ['globals', 'functionConstructor', 'constructorChain', 'hostViaPrototype', 'eval'];
        if (!harmless.includes(attempt) && !outcome.startsWith('refused')) allowed++;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    r.expect('escape attempts that were not refused', allowed, (v) => v === 0, '0');
    r.expect('connections or datagrams received from the sandbox', seen.length, (v) => v === 0, '0');
    r.expect('files created by the sandbox', existsSync(marker) ? 1 : 0, (v) => v === 0, '0');

    const outputs = reg.get('outputs-loop/branches', 1)!;
    let problem = '';
    const heldOutputs = await heldWhile(async () => {
      const { withPackFacts } = await import('@crossroads/nodes');
      problem = await withPackFacts(() => {
        try {
          const parsed = outputs.configSchema.safeParse({ branches: ['a'], loop: true });
          if (parsed.success) outputs.outputsFor(parsed.data);
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      });
    });
    r.expect('event loop held while outputs() looped (ms)', Math.round(heldOutputs), (v) => v < 100, '< 100');
    r.expect(
      'looping outputs() reported against its node',
      problem.includes('outputs-loop/branches@1') ? 1 : 0,
      (v) => v === 1,
      '1',
    );

    const ctx = testContext({});
    let calmFailures = 0;
    let calmAfterLastSpin = 0;
    let spinsSettled = 0;
    const heldSiblings = await heldWhile(async () => {
      const spins = Array.from({ length: loops }, () =>
        reg
          .execute('siblings/spin', 1, ctx)
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => spinsSettled++),
      );
      const calm = Array.from({ length: loops }, () =>
        reg.execute('siblings/calm', 1, ctx).then(
          () => {
            if (spinsSettled === loops) calmAfterLastSpin++;
          },
          () => calmFailures++,
        ),
      );
      await Promise.all([...spins, ...calm]);
    });
    r.expect('event loop held while contacts looped (ms)', Math.round(heldSiblings), (v) => v < 100, '< 100');
    r.expect('sibling calls failed', calmFailures, (v) => v === 0, '0');
    r.expect('sibling calls that waited for the looping ones', calmAfterLastSpin, (v) => v === 0, '0');

    await reg.execute('hostile/after-return', 1, ctx);
    r.expect(
      'work left after a return stopped and reported',
      reg.host?.incidents().some((incident) => incident.node === 'hostile/after-return@1') ? 1 : 0,
      (v) => v === 1,
      '1',
    );
  } catch (error) {
    r.fail(`unexpected error: ${(error as Error).message}`);
  } finally {
    delete process.env.CROSSROADS_ADMIN_KEY;
    await registry?.close();
    tcp.close();
    udp.close();
    rmSync(marker, { force: true });
  }
  return r.done();
}
