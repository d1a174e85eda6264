import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtins } from '@crossroads/nodes';
import type { Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { loadPacks, parsePackList } from './packs/loader.js';
import { createRuntimeRegistry, type RuntimeRegistry } from './packs/runtimeRegistry.js';
import type { SandboxLimits } from './packs/sandbox/limits.js';
import { createPackHost } from './packs/sandbox/packHost.js';

export type { RuntimeRegistry } from './packs/runtimeRegistry.js';

/** Installed packs are looked for in node_modules from the runtime's package folder up. */
const runtimeDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The node types this runtime validates and executes: the built-ins plus the packs named in
 * CROSSROADS_PACKS (issue 7). A bad pack is logged and listed in `packErrors`, never fatal.
 * Pack code runs only in QuickJS sandboxes (one worker thread per node type, started on first use);
 * call `close()` on stop. `limits` overrides the sandbox limits (tests).
 *
 * @example
 * ```ts
 * const registry = await loadRegistry(config, logger);
 * registry.packErrors; // [{ spec: './packs/broken', message: 'invalid package.json: …' }]
 * ```
 */
export async function loadRegistry(
  config?: Config,
  logger?: Logger,
  options: { limits?: Partial<SandboxLimits> } = {},
): Promise<RuntimeRegistry> {
  const log = logger ?? createLogger(config?.LOG_LEVEL ?? 'info');
  const specs = parsePackList(config?.CROSSROADS_PACKS);
  if (specs.length === 0) return createRuntimeRegistry([], [], undefined);
  const { packs, errors } = await loadPacks(specs, {
    baseDir: runtimeDir,
    // Folders are relative to where the user started the runtime: `pnpm start` runs it in
    // apps/runtime, and pnpm says where it was typed in INIT_CWD.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    existing: [builtins],
    logger: log,
    ...(options.limits && { limits: options.limits }),
  });
  const host =
    packs.length > 0
      ? createPackHost({
          packs,
          logger: log,
          allowLoopback: config?.CROSSROADS_ALLOW_LOOPBACK_URLS ?? false,
          ...(options.limits && { limits: options.limits }),
        })
      : undefined;
  return createRuntimeRegistry(packs, errors, host);
}
