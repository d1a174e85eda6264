// Packs the workspace's SDK (`@crossroads/nodes` and `@crossroads/graph-schema`, which it needs)
// into tarballs for a pack created outside this repository, so its install needs no registry for
// the SDK. The tarballs are what `npm publish` would ship (`pnpm pack`: publishConfig exports,
// dist only, workspace:* replaced by the version); dist is built first when missing or stale.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/** The packages that make up the SDK, in build order. */
const SDK_PACKAGES = ['graph-schema', 'nodes'] as const;

/** Newest modification time of the TypeScript sources a package's build compiles. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** pnpm as this script was started with it (`npm_execpath`), else the one on PATH. */
function pnpm(args: string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  const [command, prefix] =
    execPath && /pnpm/.test(basename(execPath)) ? [process.execPath, [execPath]] : ['pnpm', []];
  return execFileSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
}

/**
 * Builds the SDK packages when their dist is missing or older than their sources, then packs them
 * into `destination`. Returns the tarball file names by package name.
 *
 * @example
 * ```ts
 * vendorSdk('/work/packages', '/home/me/crm/vendor');
 * // { '@crossroads/graph-schema': 'crossroads-graph-schema-0.1.0.tgz', '@crossroads/nodes': 'crossroads-nodes-0.1.0.tgz' }
 * ```
 */
export function vendorSdk(packagesDir: string, destination: string): Record<string, string> {
  mkdirSync(destination, { recursive: true });
  const tarballs: Record<string, string> = {};
  for (const name of SDK_PACKAGES) {
    const dir = join(packagesDir, name);
    const built = join(dir, 'dist/index.js');
    if (!existsSync(built) || statSync(built).mtimeMs < newestSource(join(dir, 'src'))) {
      const tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
    }
    const before = new Set(readdirSync(destination));
    pnpm(['pack', '--pack-destination', destination], dir);
    const file = readdirSync(destination).find((entry) => entry.endsWith('.tgz') && !before.has(entry));
    const packed = file ?? readdirSync(destination).find((entry) => entry.startsWith(`crossroads-${name}-`));
    if (!packed) throw new Error(`pnpm pack produced no tarball for @crossroads/${name}`);
    tarballs[`@crossroads/${name}`] = packed;
  }
  return tarballs;
}
