import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BUILTIN_PACK_NAME,
  type NodePack,
  PACK_API_VERSION,
  type PackManifest,
  parseManifest,
  validatePack,
} from '@crossroads/nodes';
import type { Logger } from '../logger.js';

/** A pack that passed every check, with where its module lives (the sandbox bundles it). */
export interface LoadedPack {
  name: string;
  version: string;
  /** The package folder. */
  dir: string;
  /** The module file that exports the pack (dist, or src in development). */
  entry: string;
  manifest: PackManifest;
  pack: NodePack;
}

/** A pack the runtime refused, with the reason; served by GET /v1/node-types as `packErrors`. */
export interface PackLoadError {
  /** The CROSSROADS_PACKS entry. */
  spec: string;
  message: string;
}

export interface PackLoadResult {
  packs: LoadedPack[];
  errors: PackLoadError[];
}

/**
 * Splits CROSSROADS_PACKS: comma-separated package names or folder paths.
 *
 * @example
 * ```ts
 * parsePackList('@acme/crm, ./packs/ab-split'); // ['@acme/crm', './packs/ab-split']
 * ```
 */
export function parsePackList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

class PackLoadFailure extends Error {}

const IMPORT_TIMEOUT_MS = 10_000;

/** A folder path (`./x`, `../x`, `/x`, `C:\x`) or an installed package name, found from `baseDir` up. */
function packageDir(spec: string, baseDir: string, cwd: string): string {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const dir = resolve(cwd, spec);
    if (!existsSync(join(dir, 'package.json'))) throw new PackLoadFailure(`no package.json in ${dir}`);
    return dir;
  }
  for (let dir = baseDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', spec);
    // Real path, as Node resolves: a pnpm-linked pack finds its own dependencies from there.
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) break;
  }
  throw new PackLoadFailure(`package '${spec}' is not installed (looked in node_modules from ${baseDir} up)`);
}

/** The manifest's module, or in development its TypeScript source when dist was not built. */
function entryFile(dir: string, manifest: PackManifest, logger?: Logger): string {
  const declared = resolve(dir, manifest.crossroads.nodes);
  if (existsSync(declared)) return declared;
  const source = /^\.\/dist\/(.+)\.js$/.exec(manifest.crossroads.nodes);
  const fallback = source ? resolve(dir, 'src', `${source[1]}.ts`) : undefined;
  if (fallback && existsSync(fallback)) {
    logger?.info({ pack: manifest.name, entry: fallback }, 'pack not built: loading its TypeScript source');
    return fallback;
  }
  throw new PackLoadFailure(`${manifest.crossroads.nodes} does not exist in ${dir} (run the pack's build)`);
}

async function loadOne(spec: string, options: LoadPacksOptions): Promise<LoadedPack> {
  const dir = packageDir(spec, options.baseDir, options.cwd ?? process.cwd());
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch (error) {
    throw new PackLoadFailure(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseManifest(json);
  if (!parsed.ok) throw new PackLoadFailure(parsed.message);
  const { manifest } = parsed;
  if (manifest.crossroads.apiVersion !== PACK_API_VERSION) {
    throw new PackLoadFailure(
      `built for pack API ${manifest.crossroads.apiVersion}; this runtime speaks pack API ${PACK_API_VERSION} (install a release of the pack for API ${PACK_API_VERSION})`,
    );
  }
  const entry = entryFile(dir, manifest, options.logger);
  let module: Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  try {
    // A module stuck in top-level await must not stall the runtime's start.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`did not finish loading within ${IMPORT_TIMEOUT_MS} ms`)),
        IMPORT_TIMEOUT_MS,
      );
    });
    module = await Promise.race([import(pathToFileURL(entry).href), timeout]);
  } catch (error) {
    throw new PackLoadFailure(`${entry} failed to load: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  const exported = module.default ?? module.pack;
  if (exported === undefined) {
    throw new PackLoadFailure(
      `${entry} exports no pack: use \`export default definePack(...)\` or \`export const pack\``,
    );
  }
  const check = validatePack(exported, manifest);
  if (!check.ok) throw new PackLoadFailure(check.problems.join('; '));
  return { name: manifest.name, version: manifest.version, dir, entry, manifest, pack: check.pack };
}

export interface LoadPacksOptions {
  /** Where installed packages are looked for (node_modules from here up). */
  baseDir: string;
  /** Folder relative paths are resolved against; process.cwd() by default. */
  cwd?: string;
  /** Packs already present (the built-ins): their names and node types cannot be taken. */
  existing?: readonly NodePack[];
  logger?: Logger;
}

/**
 * Loads the packs named in CROSSROADS_PACKS: finds each package, validates its manifest and API
 * version, imports its module (dist, or src when dist is missing) and validates the pack. A bad
 * pack is reported in `errors` (and logged) and skipped; the others still load.
 *
 * @example
 * ```ts
 * const { packs, errors } = await loadPacks(parsePackList(config.CROSSROADS_PACKS), { baseDir, logger });
 * ```
 */
export async function loadPacks(
  specs: readonly string[],
  options: LoadPacksOptions,
): Promise<PackLoadResult> {
  const result: PackLoadResult = { packs: [], errors: [] };
  const names = new Set([BUILTIN_PACK_NAME, ...(options.existing ?? []).map((pack) => pack.name)]);
  const types = new Map<string, string>();
  for (const pack of options.existing ?? []) for (const node of pack.nodes) types.set(node.type, pack.name);
  for (const spec of specs) {
    try {
      const loaded = await loadOne(spec, options);
      if (names.has(loaded.name)) throw new PackLoadFailure(`pack ${loaded.name} is already loaded`);
      const taken = loaded.pack.nodes.find((node) => types.has(node.type));
      if (taken)
        throw new PackLoadFailure(`node type ${taken.type} is already defined by ${types.get(taken.type)}`);
      names.add(loaded.name);
      for (const node of loaded.pack.nodes) types.set(node.type, loaded.name);
      result.packs.push(loaded);
      options.logger?.info(
        { pack: loaded.name, version: loaded.version, nodes: loaded.pack.nodes.length },
        'pack loaded',
      );
    } catch (error) {
      const message =
        error instanceof PackLoadFailure ? error.message : `unexpected error: ${(error as Error).message}`;
      result.errors.push({ spec, message });
      options.logger?.error({ pack: spec, reason: message }, `pack ${spec} refused: ${message}`);
    }
  }
  return result;
}
