import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = fileURLToPath(new URL('./', import.meta.url));
const require = createRequire(import.meta.url);

/** Property names of a Node built-in, so named imports of it bundle (and then refuse when used). */
function exportNames(name: string): string[] {
  try {
    return Object.keys(require(name) as object).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
  } catch {
    return [];
  }
}

/**
 * Pack code gets no Node built-in: an import of one bundles to a stand-in whose every property
 * throws when used, naming the module. (Failing the whole bundle instead would refuse packs whose
 * dependencies merely mention a built-in on a path they never take.)
 */
const refuseNodeBuiltins: Plugin = {
  name: 'refuse-node-builtins',
  setup(builder) {
    builder.onResolve({ filter: /^[a-z_:/]+$/ }, async (args) => {
      if (args.pluginData === 'own' || !isBuiltin(args.path)) return undefined;
      if (!args.path.startsWith('node:')) {
        // An npm package of the same name (`events`, `buffer`…) wins when installed.
        const found = await builder.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: 'own',
        });
        if (found.errors.length === 0 && found.path) return found;
      }
      return { path: args.path.replace(/^node:/, ''), namespace: 'refused-builtin' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'refused-builtin' }, (args) => ({
      loader: 'js',
      contents: `const message = ${JSON.stringify(
        `node:${args.path} is a Node built-in: pack code runs without Node APIs (it reaches the network through fetch() to the hosts its node declares)`,
      )};
const names = ${JSON.stringify(exportNames(args.path))};
const refuse = () => { throw new Error(message); };
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' || key === 'then' || typeof key === 'symbol' ? undefined : refuse()),
  has: () => true,
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => names.includes(key) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined,
  set: refuse, apply: refuse, construct: refuse,
});`,
    }));
  },
};

/**
 * Bundles one pack with the sandbox's own code into a single script for a QuickJS VM: the web APIs
 * first, then the dispatcher (and the SDK checks it uses), then the pack module, then `serve`. So
 * the dispatcher captures what it needs before any pack code runs. Nothing is written to disk.
 *
 * @example
 * ```ts
 * const source = await bundlePack('/srv/packs/ab-split/dist/index.js');
 * ```
 */
export async function bundlePack(entry: string): Promise<string> {
  const vmDir = join(here, 'vm');
  const contents = [
    `import ${JSON.stringify(join(vmDir, 'webApis.ts'))};`,
    `import { serve } from ${JSON.stringify(join(vmDir, 'dispatch.ts'))};`,
    `import * as pack from ${JSON.stringify(entry)};`,
    'serve(pack);',
  ].join('\n');
  const result = await build({
    stdin: { contents, resolveDir: vmDir, loader: 'ts', sourcefile: 'sandbox-entry.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'module', 'default'],
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    plugins: [refuseNodeBuiltins],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output');
  return output.text;
}

let workerUrl: Promise<URL> | undefined;

/**
 * The lane worker (worker/laneWorker.ts and QuickJS), bundled once per process into a `data:`
 * URL: it loads the same under tsx, vitest and plain node, with no file to write. QuickJS's
 * loader asks for `import.meta.url` to build a `require` for Node's fs; it gets its real location.
 *
 * @example
 * ```ts
 * new Worker(await laneWorkerUrl(), { workerData });
 * ```
 */
export function laneWorkerUrl(): Promise<URL> {
  workerUrl ??= (async () => {
    const emscripten = pathToFileURL(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')).href;
    const result = await build({
      entryPoints: [join(here, 'worker', 'laneWorker.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      minify: true,
      logLevel: 'silent',
      define: { 'import.meta.url': JSON.stringify(emscripten) },
    });
    const [output] = result.outputFiles;
    if (!output) throw new Error('esbuild produced no output for the lane worker');
    return new URL(`data:text/javascript;base64,${Buffer.from(output.text).toString('base64')}`);
  })().catch((error: unknown) => {
    workerUrl = undefined;
    throw error;
  });
  return workerUrl;
}

let wasm: Promise<WebAssembly.Module> | undefined;

/** QuickJS compiled once per process (asynchronously: the event loop is not held). */
export function quickjsWasm(): Promise<WebAssembly.Module> {
  wasm ??= import('node:fs/promises')
    .then((fs) => fs.readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')))
    // @types/node 20 declares WebAssembly's types only; Node has it.
    .then((bytes) =>
      (
        globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
      ).WebAssembly.compile(bytes),
    );
  return wasm;
}
