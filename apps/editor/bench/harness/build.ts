import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the files under `path`. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/**
 * The editor's `dist`, rebuilt with vite when a source it bundles (the app's or a workspace
 * package's) is newer than the last build.
 *
 * @example
 * const dist = ensureBuilt('/work/main/apps/editor'); // '/work/main/apps/editor/dist'
 */
export function ensureBuilt(editorRoot: string): string {
  const dist = join(editorRoot, 'dist');
  const built = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(editorRoot, p));
  inputs.push(...['graph-schema', 'nodes'].map((p) => join(editorRoot, '../../packages', p, 'src')));
  if (built > Math.max(...inputs.map(newest))) return dist;
  console.log('building the editor (sources changed since the last build) ...');
  const vite = join(editorRoot, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: editorRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error('the editor did not build: run `pnpm --filter @crossroads/editor build`');
  return dist;
}
