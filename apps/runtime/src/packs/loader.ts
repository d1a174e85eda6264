import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  BUILTIN_PACK_NAME,
  type NodePack,
  PACK_API_VERSION,
  type PackDescription,
  type PackManifest,
  parseManifest,
} from '@crossroads/nodes';
import pino from 'pino';
import type { Logger } from '../logger.js';
import { bundlePack } from './sandbox/bundle.js';
import type { SandboxLimits } from './sandbox/limits.js';
import { describePack } from './sandbox/packHost.js';

/**
 * A pack that passed every check. The runtime never imports its module: it bundles it into one
 * script (`source`) that runs in QuickJS sandboxes, and keeps what the sandbox said about it.
 */
export interface LoadedPack {
  name: string;
  version: string;
  /** The package folder. */
  dir: string;
  /** The module file that exports the pack (dist, or src in development). */
  entry: string;
  manifest: PackManifest;
  /** The bundle a sandbox evaluates. */
  source: string;
  /** Palette data, JSON Schemas, outputs, capabilities…: data produced in the sandbox at load. */
  description: PackDescription;
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

const silent = pino({ level: 'silent' });

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
  let source: string;
  try {
    source = await bundlePack(entry);
  } catch (error) {
    throw new PackLoadFailure(`${entry} could not be bundled: ${(error as Error).message}`);
  }
  let description: PackDescription;
  try {
    // Its top-level code, validatePack and the node descriptions run in a sandbox, not here.
    description = await describePack(manifest.name, source, manifest, {
      logger: options.logger ?? silent,
      ...(options.limits && { limits: options.limits }),
    });
  } catch (error) {
    throw new PackLoadFailure(`failed to load in the sandbox: ${(error as Error).message}`);
  }
  return { name: manifest.name, version: manifest.version, dir, entry, manifest, source, description };
}

export interface LoadPacksOptions {
  /** Where installed packages are looked for (node_modules from here up). */
  baseDir: string;
  /** Folder relative paths are resolved against; process.cwd() by default. */
  cwd?: string;
  /** Packs already present (the built-ins): their names and node types cannot be taken. */
  existing?: readonly NodePack[];
  logger?: Logger;
  /** Sandbox limits for loading (top-level code and descriptions run within `loadCpuMs`). */
  limits?: Partial<SandboxLimits>;
}

/**
 * Loads the packs named in CROSSROADS_PACKS: finds each package, validates its manifest and API
 * version, bundles its module (dist, or src when dist is missing) and has a sandbox run, validate
 * and describe it. Pack code never runs in this process. A bad pack is reported in `errors` (and
 * logged) and skipped; the others still load.
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
  // Packs load in parallel (each in its own sandbox); conflicts are judged in the listed order.
  const attempts = await Promise.allSettled(specs.map((spec) => loadOne(spec, options)));
  for (const [index, attempt] of attempts.entries()) {
    const spec = specs[index]!;
    try {
      if (attempt.status === 'rejected') throw attempt.reason;
      const loaded = attempt.value;
      if (names.has(loaded.name)) throw new PackLoadFailure(`pack ${loaded.name} is already loaded`);
      const taken = loaded.description.nodes.find((node) => types.has(node.type));
      if (taken)
        throw new PackLoadFailure(`node type ${taken.type} is already defined by ${types.get(taken.type)}`);
      names.add(loaded.name);
      for (const node of loaded.description.nodes) types.set(node.type, loaded.name);
      result.packs.push(loaded);
      options.logger?.info(
        { pack: loaded.name, version: loaded.version, nodes: loaded.description.nodes.length },
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
