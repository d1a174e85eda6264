import {
  checkDecision,
  type Decision,
  type ExecuteContext,
  type NodeDescription,
  PackDescription,
} from '@crossroads/nodes';
import { guardedFetch } from '../../channels/ssrf/guarded-fetch.js';
import type { Logger } from '../../logger.js';
import { PackFacts } from '../facts.js';
import { CpuBudget } from './cpuBudget.js';
import { Lane, PackExecutionError } from './lane.js';
import { DEFAULT_LIMITS, type SandboxLimits } from './limits.js';
import type { FetchReply, FetchRequest } from './protocol.js';

/** A pack ready to run: its bundle (one script) and what its sandbox said about it at load. */
export interface SandboxedPack {
  name: string;
  source: string;
  description: PackDescription;
}

export interface PackHostOptions {
  packs: readonly SandboxedPack[];
  logger: Logger;
  /** Development only: pack nodes may also reach loopback addresses (local test receivers). */
  allowLoopback?: boolean;
  limits?: Partial<SandboxLimits>;
}

/** Work a returned call left running, stopped and reported against its node. */
export interface PackIncident {
  at: string;
  pack: string;
  node: string;
  message: string;
}

export interface PackHost {
  /** Runs a pack node in its node type's sandbox; rejects with PackExecutionError on any failure. */
  execute(type: string, version: number, ctx: ExecuteContext<unknown>): Promise<Decision>;
  /** What pack code computes from configs (parse, outputs, migrations), asked of the sandbox and cached. */
  facts: PackFacts;
  /** The latest incidents (most recent last). */
  incidents(): readonly PackIncident[];
  close(): Promise<void>;
}

const isLoopback = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

const hostAllowed = (host: string, patterns: readonly string[]) =>
  patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern));

/** Checks a VM's fetch against the node's declared hosts, then performs it through the SSRF guard. */
async function performFetch(
  request: FetchRequest,
  call: { node: string; fetches: number },
  declared: readonly string[],
  options: PackHostOptions,
  limits: SandboxLimits,
): Promise<FetchReply> {
  if (call.fetches > limits.fetchesPerCall) {
    return { error: `${call.node} made more than ${limits.fetchesPerCall} requests in one call` };
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { error: `'${request.url.slice(0, 200)}' is not a valid URL` };
  }
  const host = url.hostname.toLowerCase();
  if (!hostAllowed(host, declared) && !(options.allowLoopback && isLoopback(host))) {
    options.logger.warn({ node: call.node, host }, 'pack fetch to an undeclared host refused');
    return {
      error: `${call.node} may not reach ${host}: it declares http hosts [${declared.join(', ')}] (capabilities.http.hosts)`,
    };
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
  if (result.outcome !== 'response') return { error: `${result.outcome}: ${result.reason}` };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: result.status, headers, body: result.body };
}

/**
 * Runs pack code, and only there: every node type gets its own worker thread of QuickJS VMs
 * (a WebAssembly JavaScript engine: no Node API exists inside), started on first use. The runtime
 * puts in only what a node may use (fetch through the host to its declared hosts and the SSRF
 * guard, a clock, a logger, timers during a call). Limits: CPU per call and per pack per minute,
 * wall time per call, memory per VM, sizes of answers. Decisions come back as JSON and are checked
 * (shape, sizes, outputs) before the engine sees them.
 *
 * @example
 * ```ts
 * const host = createPackHost({ packs: loaded, logger, allowLoopback: config.CROSSROADS_ALLOW_LOOPBACK_URLS });
 * const decision = await host.execute('ab-split/split', 1, ctx); // { next: 'b', reason: … }
 * await host.close();
 * ```
 */
export function createPackHost(options: PackHostOptions): PackHost {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const descriptions = new Map<string, NodeDescription>();
  const packOf = new Map<string, SandboxedPack>();
  const budgets = new Map<string, CpuBudget>();
  const lanes = new Map<string, Lane>();
  const incidents: PackIncident[] = [];
  for (const pack of options.packs) {
    budgets.set(pack.name, new CpuBudget(pack.name, limits.packCpuMsPerMinute));
    for (const node of pack.description.nodes) {
      descriptions.set(`${node.type}@${node.version}`, node);
      packOf.set(node.type, pack);
    }
  }

  const laneOf = (type: string): Lane => {
    let lane = lanes.get(type);
    const pack = packOf.get(type)!;
    const budget = budgets.get(pack.name)!;
    if (!lane) {
      lane = new Lane({
        label: type,
        source: pack.source,
        limits,
        logger: options.logger,
        onFetch: (request, call) =>
          performFetch(
            request,
            call,
            descriptions.get(call.node)?.capabilities.http?.hosts ?? [],
            options,
            limits,
          ),
        onCpu: (node, ms) => budget.charge(node, ms),
        admit: (node) => budget.refusal(node),
        onIncident: (node, message) => {
          options.logger.warn(
            { pack: pack.name, node, reason: message },
            'pack node kept running after it returned',
          );
          incidents.push({ at: new Date().toISOString(), pack: pack.name, node, message });
          if (incidents.length > 100) incidents.shift();
        },
      });
      lanes.set(type, lane);
    }
    return lane;
  };

  /** Asks a node type's sandbox, within the pack's CPU budget. */
  const ask = (
    op: 'parse' | 'outputs' | 'migrate' | 'matches' | 'execute',
    type: string,
    version: number,
    payload: unknown,
  ) => {
    const pack = packOf.get(type);
    if (!pack || !descriptions.has(`${type}@${version}`)) {
      return Promise.reject(new PackExecutionError(`No loaded pack provides node type ${type}@${version}`));
    }
    return laneOf(type).call(op, type, version, payload);
  };

  const facts = new PackFacts((op, type, version, payload) => ask(op, type, version, payload), {
    onFailed: (question, reason) =>
      options.logger.warn({ question, reason }, `pack sandbox could not answer ${question}`),
  });
  for (const description of descriptions.values()) facts.seed(description);

  const prefixed = (error: unknown) =>
    error instanceof PackExecutionError
      ? new PackExecutionError(`Pack node ${error.message}`, error.kind)
      : error;

  return {
    facts,
    async execute(type, version, ctx) {
      const node = `${type}@${version}`;
      const wire = { ...ctx, now: ctx.now.toISOString() };
      const raw = await ask('execute', type, version, wire).catch((error: unknown) => {
        throw prefixed(error);
      });
      let outputs = descriptions.get(node)?.outputs;
      if (!outputs) {
        const computed = await facts.computedNow(type, version, ctx.config);
        if ('failed' in computed) throw new PackExecutionError(`Pack node ${node}: ${computed.failed}`);
        outputs = computed.value.outputs ?? [];
      }
      try {
        return checkDecision(
          raw,
          type,
          outputs.map((output) => output.id),
        );
      } catch (error) {
        throw new PackExecutionError((error as Error).message);
      }
    },
    incidents: () => incidents,
    async close() {
      await Promise.all([...lanes.values()].map((lane) => lane.close()));
      lanes.clear();
    },
  };
}

/**
 * Loads a pack in a fresh sandbox and asks it to describe itself: its top-level code runs there
 * (within `loadCpuMs`), `validatePack` checks it there, and only the description (data) comes back,
 * checked here. Rejects with PackExecutionError saying why the pack cannot load.
 *
 * @example
 * ```ts
 * const description = await describePack('@acme/crm', source, manifest, { logger });
 * ```
 */
export async function describePack(
  name: string,
  source: string,
  manifest: unknown,
  options: { logger: Logger; limits?: Partial<SandboxLimits> },
): Promise<PackDescription> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const lane = new Lane({
    label: name,
    source,
    // Describing runs every node's schema and outputs once: the load budget, not a call's.
    limits: { ...limits, callCpuMs: limits.loadCpuMs, vmsPerNodeType: 1 },
    logger: options.logger,
    onFetch: async () => ({ error: 'fetch is not allowed while a pack loads' }),
  });
  try {
    const answer = await lane.call('describe', name, 0, manifest);
    const parsed = PackDescription.safeParse(answer);
    if (!parsed.success) {
      throw new PackExecutionError(
        `the sandbox described the pack wrongly: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    return parsed.data;
  } finally {
    await lane.close();
  }
}
