// Builds the editor before `pnpm start` when its dist is missing or older than its sources,
// so a newcomer's single start command serves a current editor at `/`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const editor = join(root, 'apps/editor');
const builtIndex = join(editor, 'dist/index.html');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json']
  .map((p) => join(editor, p))
  .filter(existsSync);
const packages = ['packages/graph-schema/src', 'packages/nodes/src']
  .map((p) => join(root, p))
  .filter(existsSync);
const stale =
  !existsSync(builtIndex) ||
  Math.max(...[...sources, ...packages].map(newestMtime)) > statSync(builtIndex).mtimeMs;

if (process.env.EDITOR_DIST) {
  console.log(`Serving the editor from EDITOR_DIST=${process.env.EDITOR_DIST}`);
} else if (stale) {
  console.log('Building the editor (first start or sources changed; takes under a minute)…');
  const result = spawnSync(
    'pnpm',
    ['--filter', '@crossroads/editor', 'exec', 'vite', 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error('The editor failed to build; the API will still start. Fix the error above and restart.');
  }
}
