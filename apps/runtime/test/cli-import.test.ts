import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp } from './helpers.js';

type EngineApp = Awaited<ReturnType<typeof createEngineApp>>;
const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;

let t: EngineApp;
let server: ReturnType<typeof serve>;
let url: string;
let dir: string;
beforeAll(async () => {
  t = await createEngineApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'crossroads-cli-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** `pnpm crossroads …` as a user runs it (pnpm runs it in the root; paths are absolute here). */
function crossroads(args: string[], env: Record<string, string> = {}) {
  return run('pnpm', ['-s', 'crossroads', ...args], {
    cwd: ROOT,
    env: { ...process.env, CROSSROADS_URL: url, CROSSROADS_API_KEY: t.adminKey, ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}

describe('pnpm crossroads import', () => {
  it('imports a CSV with a progress bar, prints the counts and saves the report of rejected rows', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `user${i}@cli.io,${i}`);
    await writeFile(join(dir, 'contacts.csv'), ['email,Seats', ...rows, 'bad@cli.io,many', ',3'].join('\n'));
    const result = await crossroads([
      'import',
      join(dir, 'contacts.csv'),
      '--key-column',
      'email',
      '--column',
      'Seats=seats:number',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/100% Importing: 52 rows, 2 rejected/);
    expect(result.stdout).toMatch(/created +50\n/);
    expect(result.stdout).toMatch(/line 52 \(Seats\): 'many' is not a number/);
    const report = await readFile(join(dir, 'contacts-rejected.csv'), 'utf8');
    expect(
      report
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
    const [seats] = await t.db
      .sql`select attributes->'seats' as seats from contacts where id = 'user7@cli.io'`;
    expect(seats).toEqual({ seats: 7 });
  });

  it('says clearly what is missing or wrong', async () => {
    const noKey = await crossroads(['import', join(dir, 'contacts.csv')], {});
    expect(noKey).toMatchObject({ code: 1, stderr: expect.stringMatching(/--key-column is required/) });
    const noApiKey = await crossroads(['import', join(dir, 'contacts.csv'), '--key-column', 'email'], {
      CROSSROADS_API_KEY: '',
    });
    expect(noApiKey.stderr).toMatch(/No API key: set --api-key or CROSSROADS_API_KEY/);
    const refused = await crossroads([
      'import',
      join(dir, 'contacts.csv'),
      '--key-column',
      'email',
      '--api-key',
      'crk_wrong',
    ]);
    expect(refused.stderr).toMatch(/API key was refused/);
    const noFile = await crossroads(['import', join(dir, 'missing.csv'), '--key-column', 'email']);
    expect(noFile.stderr).toMatch(/No such file: .*missing\.csv/);
    const badColumn = await crossroads(['import', join(dir, 'contacts.csv'), '--key-column', 'Nope']);
    expect(badColumn).toMatchObject({ code: 1, stderr: expect.stringMatching(/400 .*Nope/) });
  });
});
