import { z } from 'zod';
import type { SandboxLimits } from './limits.js';

/**
 * Messages between the runtime's main thread and a node type's worker thread (the "lane"), which
 * drives that type's QuickJS VMs. Pack code never runs in either: it runs inside the VMs, and
 * nothing but strings crosses the VM boundary. The main thread parses every worker message with
 * these schemas.
 */

/** What a lane is asked to do, per node type and version. `payload` is JSON. */
export type CallOp = 'describe' | 'parse' | 'outputs' | 'migrate' | 'matches' | 'execute';

export interface CallMessage {
  t: 'call';
  id: number;
  op: CallOp;
  type: string;
  version: number;
  payload: string;
}

/** The host's answer to a VM's fetch. */
export type FetchReply =
  | { status: number; headers: Record<string, string>; body: string }
  | { error: string };

export type MainMessage =
  | CallMessage
  | { t: 'fetch-result'; id: number; fetchId: number; reply: FetchReply }
  /** The call overran its wall time: the VM running it is dropped. */
  | { t: 'abort'; id: number; reason: string };

export interface LaneWorkerData {
  wasmModule: WebAssembly.Module;
  /** The pack bundle (one script: web APIs, the pack, the dispatcher). */
  source: string;
  limits: SandboxLimits;
}

/** Why a call failed: the pack threw, a limit stopped it, or the sandbox itself broke. */
export const FailureKind = z.enum(['thrown', 'limit', 'crashed']);
export type FailureKind = z.infer<typeof FailureKind>;

const Id = z.number().int().nonnegative();
const CpuMs = z.number().nonnegative();

export const FetchRequest = z.strictObject({
  url: z.string().max(8_192),
  method: z.string().max(16),
  headers: z.record(z.string().max(200), z.string().max(8_192)),
  body: z.string().max(1_000_000).optional(),
});
export type FetchRequest = z.infer<typeof FetchRequest>;

/** Worker → main thread. */
export const WorkerMessage = z.union([
  // Answers first: they are most of the traffic.
  z.strictObject({ t: z.literal('done'), id: Id, ok: z.literal(true), value: z.string(), cpuMs: CpuMs }),
  z.strictObject({
    t: z.literal('done'),
    id: Id,
    ok: z.literal(false),
    error: z.string().max(4_000),
    kind: FailureKind,
    cpuMs: CpuMs,
  }),
  z.strictObject({ t: z.literal('ready') }),
  z.strictObject({ t: z.literal('boot-failed'), message: z.string().max(4_000), kind: FailureKind }),
  z.strictObject({ t: z.literal('fetch'), id: Id, fetchId: Id, request: FetchRequest }),
  /** Work a returned call left running was stopped (its VM dropped); reported against its node. */
  z.strictObject({
    t: z.literal('incident'),
    node: z.string().max(300),
    message: z.string().max(4_000),
    cpuMs: CpuMs,
  }),
  z.strictObject({
    t: z.literal('log'),
    node: z.string().max(300).optional(),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string().max(2_000),
  }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
