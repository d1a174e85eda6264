import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDecision, type Decision, type ExecuteContext, type NodeDefinition } from '@crossroads/nodes';
import { guardedFetch } from '../../channels/ssrf/guarded-fetch.js';
import type { Logger } from '../../logger.js';
import type { LoadedPack } from '../loader.js';
import { bundlePack } from './bundle.js';
import { DEFAULT_LIMITS, type SandboxLimits } from './limits.js';
import type { FetchRequest, HostMessage } from './protocol.js';
import { type FetchHandler, PackExecutionError, SandboxProcess } from './sandboxProcess.js';

export interface PackHostOptions {
  packs: readonly LoadedPack[];
  logger: Logger;
  /** Development only: pack nodes may also reach loopback addresses (local test receivers). */
  allowLoopback?: boolean;
  limits?: Partial<SandboxLimits>;
  /** Where pack bundles are written; a fresh folder under the OS temp dir by default. */
  bundleDir?: string;
}

export interface PackHost {
  /** Runs a pack node in its pack's sandbox; rejects with PackExecutionError on any failure. */
  execute(type: string, version: number, ctx: ExecuteContext<unknown>): Promise<Decision>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: definitions of many config types live side by side
type AnyDefinition = NodeDefinition<any, any>;

const isLoopback = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

const hostAllowed = (host: string, patterns: readonly string[]) =>
  patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));

/** Checks a child's fetch against the node's declared hosts, then performs it through the SSRF guard. */
function fetchHandler(
  nodes: ReadonlyMap<string, AnyDefinition>,
  options: PackHostOptions,
  limits: SandboxLimits,
): FetchHandler {
  return async (request: FetchRequest, call): Promise<HostMessage> => {
    const refuse = (error: string): HostMessage => ({ t: 'fetch-result', id: request.id, error });
    if (call.fetches > limits.fetchesPerCall) {
      return refuse(`${call.type} made more than ${limits.fetchesPerCall} requests in one call`);
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(`'${request.url.slice(0, 200)}' is not a valid URL`);
    }
    const declared = nodes.get(call.type)?.capabilities?.http?.hosts ?? [];
    const host = url.hostname.toLowerCase();
    if (!hostAllowed(host, declared) && !(options.allowLoopback && isLoopback(host))) {
      options.logger.warn({ type: call.type, host }, 'pack fetch to an undeclared host refused');
      return refuse(
        `${call.type} may not reach ${host}: it declares http hosts [${declared.join(', ')}] (capabilities.http.hosts)`,
      );
    }
    const result = await guardedFetch(
      url.href,
      {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined && { body: request.body }),
      },
      {
        allowLoopback: options.allowLoopback ?? false,
        timeoutMs: limits.fetchTimeoutMs,
        maxBodyBytes: limits.fetchMaxBodyBytes,
        logger: options.logger,
      },
    );
    if (result.outcome !== 'response') return refuse(`${result.outcome}: ${result.reason}`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { t: 'fetch-result', id: request.id, status: result.status, headers, body: result.body };
  };
}

/**
 * Runs pack executors outside the runtime's process: one child process per pack, started on first
 * use, with an empty environment, Node's permission model, a heap and a resident-memory limit, a
 * per-call time limit, and network only through the host (declared hosts, SSRF guard). Decisions
 * come back as JSON and are checked (shape and outputs) before the engine sees them.
 *
 * @example
 * ```ts
 * const host = createPackHost({ packs: loaded.packs, logger, allowLoopback: config.CROSSROADS_ALLOW_LOOPBACK_URLS });
 * const decision = await host.execute('ab-split/split', 1, ctx); // { next: 'b', reason: … }
 * await host.close();
 * ```
 */
export function createPackHost(options: PackHostOptions): PackHost {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bundleDir = options.bundleDir ?? join(tmpdir(), `crossroads-packs-${process.pid}-${Date.now()}`);
  const nodes = new Map<string, AnyDefinition>();
  const sandboxOf = new Map<string, SandboxProcess>();
  const onFetch = fetchHandler(nodes, options, limits);
  for (const loaded of options.packs) {
    let bundled: Promise<string> | undefined;
    const bundle = () => {
      bundled ??= bundlePack(loaded.entry, bundleDir, loaded.name).catch((error: Error) => {
        bundled = undefined;
        throw new PackExecutionError(
          `Pack ${loaded.name} could not be bundled for the sandbox: ${error.message}`,
        );
      });
      return bundled;
    };
    const sandbox = new SandboxProcess(loaded.name, bundle, limits, onFetch, options.logger);
    for (const node of loaded.pack.nodes) {
      nodes.set(`${node.type}@${node.version}`, node);
      sandboxOf.set(node.type, sandbox);
    }
  }
  return {
    async execute(type, version, ctx) {
      const sandbox = sandboxOf.get(type);
      const definition = nodes.get(`${type}@${version}`);
      if (!sandbox || !definition)
        throw new PackExecutionError(`No loaded pack provides node type ${type}@${version}`);
      const wire = JSON.parse(JSON.stringify({ ...ctx, now: ctx.now.toISOString() }));
      const raw = await sandbox.execute(type, version, wire);
      const outputs = definition.outputsFor(ctx.config).map((output: { id: string }) => output.id);
      try {
        return checkDecision(raw, type, outputs);
      } catch (error) {
        throw new PackExecutionError((error as Error).message);
      }
    },
    async close() {
      await Promise.all([...new Set(sandboxOf.values())].map((sandbox) => sandbox.close()));
      if (!options.bundleDir) await rm(bundleDir, { recursive: true, force: true });
    },
  };
}
