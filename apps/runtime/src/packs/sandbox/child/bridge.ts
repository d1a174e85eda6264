import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChildMessage, FetchReply } from '../protocol.js';

/** Which host call the running code belongs to, so the host can apply that node's capabilities. */
export const callScope = new AsyncLocalStorage<number>();

const pending = new Map<number, (reply: FetchReply) => void>();
let nextFetchId = 0;

export function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Settles a fetch the host answered. */
export function settleFetch(reply: FetchReply): void {
  pending.get(reply.id)?.(reply);
  pending.delete(reply.id);
}

async function bodyText(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('fetch in a pack sandbox sends string bodies only (use JSON.stringify)');
}

/**
 * `fetch` for pack code: the request goes to the host over IPC; the host checks the node's
 * declared hosts and the SSRF guard, performs it, and sends back status, headers and body.
 */
export async function bridgedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const callId = callScope.getStore();
  if (callId === undefined) throw new Error('fetch is only allowed while a node is executing');
  const request = input instanceof Request ? input : undefined;
  const url = request ? request.url : String(input);
  const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = Object.fromEntries(new Headers(init.headers ?? request?.headers).entries());
  const body = await bodyText(init.body ?? (request?.body ? await request.text() : undefined));
  const id = nextFetchId++;
  const reply = await new Promise<FetchReply>((resolve) => {
    pending.set(id, resolve);
    send({ t: 'fetch', id, callId, url, method, headers, ...(body !== undefined && { body }) });
  });
  if ('error' in reply) throw new TypeError(`fetch failed: ${reply.error}`);
  const empty = reply.status === 204 || reply.status === 304 || method === 'HEAD';
  return new Response(empty ? null : reply.body, { status: reply.status, headers: reply.headers });
}
