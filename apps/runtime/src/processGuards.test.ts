import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isLostConnection } from './processGuards.js';

const guards = fileURLToPath(new URL('./processGuards.ts', import.meta.url));
const logger = fileURLToPath(new URL('./logger.ts', import.meta.url));

/** Runs `body` in a fresh Node process with guardProcess installed; its exit code and log lines. */
async function guarded(body: string) {
  const dir = await mkdtemp(join(tmpdir(), 'crossroads-guard-'));
  const script = join(dir, 'script.mts');
  await writeFile(
    script,
    `import net from 'node:net';
import { guardProcess } from ${JSON.stringify(guards)};
import { createLogger } from ${JSON.stringify(logger)};
guardProcess(createLogger('warn'));
${body}
setTimeout(() => { console.log(JSON.stringify({ msg: 'still alive' })); process.exit(0); }, 300);`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
  const lines = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; err?: { code?: string } });
  return { code: run.status, lines };
}

describe('guardProcess', () => {
  it('survives a lost connection that escapes every handler: a rejection and a socket error', async () => {
    const run = await guarded(`
Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
// A socket with no 'error' listener: its ECONNREFUSED is an uncaught exception.
net.connect(1, '127.0.0.1');
Promise.reject(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }));`);
    expect(run.code).toBe(0);
    const survived = run.lines.filter((l) => l.msg.startsWith('a lost connection escaped'));
    expect(survived.map((l) => l.err?.code).sort()).toEqual([
      'CONNECTION_CLOSED',
      'ECONNREFUSED',
      'ECONNRESET',
    ]);
    expect(run.lines.at(-1)?.msg).toBe('still alive');
  });

  it('still ends the process on any other unhandled error', async () => {
    const run = await guarded(`Promise.reject(new TypeError('a bug'));`);
    expect(run.code).toBe(1);
    expect(run.lines.some((l) => l.msg === 'unexpected error; the process ends')).toBe(true);
  });
});

describe('isLostConnection', () => {
  it('reads codes through cause chains and knows the database codes', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isLostConnection(new TypeError('fetch failed', { cause: reset }))).toBe(true);
    expect(isLostConnection({ code: '57P01' })).toBe(true);
    expect(isLostConnection(Object.assign(new Error('x'), { code: 'ESOCKET' }))).toBe(true);
    expect(isLostConnection(new Error('syntax error'))).toBe(false);
    expect(isLostConnection({ code: '23505' })).toBe(false);
  });
});
