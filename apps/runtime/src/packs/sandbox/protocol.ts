import { z } from 'zod';

/**
 * The message protocol between the runtime (host) and a pack sandbox (child), over Node's IPC
 * channel with JSON serialization: nothing but plain data crosses, so no prototype, function or
 * getter from the child ever reaches the host. The host parses every child message with these
 * schemas and treats anything else as a broken sandbox.
 */

/** Host → child: run one node. `ctx.now` travels as an ISO string. */
export interface ExecuteRequest {
  t: 'execute';
  id: number;
  type: string;
  version: number;
  ctx: Record<string, unknown> & { now: string };
}

/** Host → child: the answer to a `fetch` the child asked for. */
export type FetchReply =
  | { t: 'fetch-result'; id: number; status: number; headers: Record<string, string>; body: string }
  | { t: 'fetch-result'; id: number; error: string };

export type HostMessage = ExecuteRequest | FetchReply;

const Id = z.number().int().nonnegative();

/** Child → host messages. */
export const ChildMessage = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('ready') }),
  z.strictObject({ t: z.literal('load-error'), message: z.string().max(4_000) }),
  z.strictObject({ t: z.literal('decision'), id: Id, decision: z.unknown() }),
  z.strictObject({ t: z.literal('error'), id: Id, message: z.string().max(4_000) }),
  z.strictObject({
    t: z.literal('fetch'),
    id: Id,
    callId: Id,
    url: z.string().max(8_192),
    method: z.string().max(16),
    headers: z.record(z.string(), z.string()),
    body: z.string().max(1_000_000).optional(),
  }),
]);
export type ChildMessage = z.infer<typeof ChildMessage>;
export type FetchRequest = Extract<ChildMessage, { t: 'fetch' }>;
