import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const childDir = fileURLToPath(new URL('./child/', import.meta.url));

/**
 * Bundles one pack with the sandbox's own code into a single ES module, so the child process can
 * run under Node's permission model with read access to that one file: no TypeScript loader, no
 * node_modules lookups. The lockdown module is imported first, so it runs before any pack code.
 *
 * @example
 * ```ts
 * const file = await bundlePack('/srv/packs/ab-split/dist/index.js', '/tmp/crossroads-packs', 'ab-split');
 * ```
 */
export async function bundlePack(entry: string, outDir: string, name: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `${name.replace(/[^a-z0-9-]/gi, '_')}.mjs`);
  const contents = [
    `import ${JSON.stringify(join(childDir, 'lockdown.ts'))};`,
    `import * as pack from ${JSON.stringify(entry)};`,
    `import { serve } from ${JSON.stringify(join(childDir, 'serve.ts'))};`,
    'serve(pack);',
  ].join('\n');
  await build({
    stdin: { contents, resolveDir: childDir, loader: 'js', sourcefile: 'sandbox-entry.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    // Packs may contain CommonJS dependencies that require Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}
