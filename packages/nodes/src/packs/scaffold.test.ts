import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.js';
import { scaffoldPack } from './scaffold.js';
import { validatePack } from './validatePack.js';

const nodesDir = fileURLToPath(new URL('../../', import.meta.url));
const root = join(nodesDir, '../..');
const bin = (path: string) => join(root, 'node_modules', path);

describe('create-node-pack', () => {
  it('refuses a name that is not an npm package name', () => {
    expect(() => scaffoldPack({ name: 'Acme CRM', sdk: '^0.1.0' })).toThrow(
      "'Acme CRM' is not a valid pack name",
    );
  });

  it('scaffolds a pack that builds, passes its own test and loads as a valid pack', {
    timeout: 60_000,
  }, async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'create-node-pack-'));
    execFileSync(
      process.execPath,
      [bin('tsx/dist/cli.mjs'), join(nodesDir, 'scripts/create-node-pack.ts'), '@acme/crm'],
      {
        env: { ...process.env, INIT_CWD: workdir },
        stdio: 'pipe',
      },
    );
    const dir = join(workdir, 'crm');
    const manifest = parseManifest(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
    expect(manifest.ok && manifest.manifest.crossroads).toEqual({ apiVersion: 1, nodes: './dist/index.js' });

    // Stand-in for `pnpm install`: link the workspace's SDK, zod and vitest.
    mkdirSync(join(dir, 'node_modules/@crossroads'), { recursive: true });
    symlinkSync(nodesDir, join(dir, 'node_modules/@crossroads/nodes'));
    symlinkSync(realpathSync(join(nodesDir, 'node_modules/zod')), join(dir, 'node_modules/zod'));
    symlinkSync(realpathSync(bin('vitest')), join(dir, 'node_modules/vitest'));

    execFileSync(process.execPath, [bin('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: dir,
      stdio: 'pipe',
    });
    expect(existsSync(join(dir, 'dist/index.js'))).toBe(true);
    const tests = execFileSync(process.execPath, [bin('vitest/vitest.mjs'), 'run'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', VITEST: undefined },
      encoding: 'utf8',
    });
    expect(tests).toMatch(/Tests\s+3 passed/);

    const module = await import(pathToFileURL(join(dir, 'dist/index.js')).href);
    const check = validatePack(module.default, manifest.ok ? manifest.manifest : undefined);
    expect(check.ok && check.pack.nodes.map((node) => node.type)).toEqual(['crm/hello']);
  });
});
