import type { HostMessage } from '../protocol.js';
import { callScope, send, settleFetch } from './bridge.js';

interface SandboxNode {
  type: string;
  version: number;
  execute(ctx: unknown): unknown;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 4_000);

/** Answers the host's execute requests with the pack's executors. */
export function serve(module: Record<string, unknown>): void {
  const pack = (module.default ?? module.pack) as { nodes?: SandboxNode[] } | undefined;
  if (!Array.isArray(pack?.nodes)) {
    send({ t: 'load-error', message: 'the module exports no pack (default export or `pack`)' });
    return;
  }
  const nodes = new Map(pack.nodes.map((node) => [`${node.type}@${node.version}`, node]));
  process.on('message', async (raw: HostMessage) => {
    if (raw.t === 'fetch-result') return settleFetch(raw);
    if (raw.t !== 'execute') return;
    const node = nodes.get(`${raw.type}@${raw.version}`);
    if (!node)
      return send({ t: 'error', id: raw.id, message: `no node ${raw.type}@${raw.version} in this pack` });
    try {
      const ctx = { ...raw.ctx, now: new Date(raw.ctx.now) };
      const decision = await callScope.run(raw.id, () => node.execute(ctx));
      // Round-trip through JSON here, so a decision that cannot cross (BigInt, cycles) fails clearly.
      send({ t: 'decision', id: raw.id, decision: JSON.parse(JSON.stringify(decision ?? null)) });
    } catch (error) {
      send({ t: 'error', id: raw.id, message: message(error) });
    }
  });
  // The runtime went away: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  send({ t: 'ready' });
}
