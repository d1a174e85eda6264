import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import type { AddressPolicy } from './address-policy.js';
import { refusalForAddress } from './address-policy.js';
import { checkUrl } from './check-url.js';
import { BlockedAddressError, guardedLookup, type Resolver, systemResolver } from './guarded-lookup.js';

export interface GuardedFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface GuardedFetchOptions extends AddressPolicy {
  /** Whole request, from DNS to the last body byte. Defaults to 10 s. */
  timeoutMs?: number;
  /** Bytes of response body kept; the rest is discarded (a receiver's reply is only logged). */
  maxBodyBytes?: number;
  /** Name resolution; the system resolver unless a test simulates DNS answers. */
  resolve?: Resolver;
  logger?: Logger;
}

export type GuardedFetchResult =
  | { outcome: 'response'; status: number; headers: IncomingHttpHeaders; body: string }
  /** The URL or the address it resolved to is forbidden; retrying will not help. */
  | { outcome: 'blocked'; reason: string }
  /** The server answered with a redirect, which is never followed. */
  | { outcome: 'redirect'; status: number; location: string | undefined; reason: 'redirect refused' }
  | { outcome: 'timeout'; reason: string }
  /** DNS failure, refused or reset connection, TLS failure, ... */
  | { outcome: 'network'; reason: string; code: string | undefined };

/**
 * Makes one outbound HTTP(S) request to a user-given URL with SSRF protection: the URL is checked
 * as at save time, the resolved address is checked at connect time (see `guardedLookup`), the
 * connected peer is checked again, and redirects are returned as failures instead of followed.
 * It never throws for network outcomes: every failure is a result the caller can classify.
 *
 * @example
 * const result = await guardedFetch('https://crm.example.com/hook', { method: 'POST', body: '{}' }, { timeoutMs: 5000 });
 * if (result.outcome === 'response' && result.status < 300) console.log('delivered');
 */
export async function guardedFetch(
  url: string,
  init: GuardedFetchInit = {},
  options: GuardedFetchOptions = {},
): Promise<GuardedFetchResult> {
  const checked = checkUrl(url, options);
  if (!checked.ok) return { outcome: 'blocked', reason: checked.reason };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const client = checked.url.protocol === 'https:' ? https : http;
  const lookup = guardedLookup(options, options.resolve ?? systemResolver);
  return new Promise<GuardedFetchResult>((resolve) => {
    const request = client.request(checked.url, {
      method: init.method ?? 'GET',
      headers:
        init.body === undefined
          ? init.headers
          : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
      lookup,
      agent: false,
      signal,
    });
    request.on('socket', (socket) => {
      // belt and braces: whatever the lookup did, the peer actually connected to must be allowed
      socket.once('connect', () => {
        const reason = socket.remoteAddress
          ? refusalForAddress(socket.remoteAddress, options)
          : 'unknown peer';
        if (reason)
          request.destroy(new BlockedAddressError(checked.url.hostname, socket.remoteAddress ?? '?', reason));
      });
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.resume();
        resolve({
          outcome: 'redirect',
          status,
          location: response.headers.location,
          reason: 'redirect refused',
        });
        return;
      }
      readBody(response, options.maxBodyBytes ?? 64 * 1024).then(
        (body) => resolve({ outcome: 'response', status, headers: response.headers, body }),
        (error: unknown) => resolve(failure(error, signal, timeoutMs)),
      );
    });
    request.on('error', (error) => resolve(failure(error, signal, timeoutMs)));
    request.end(init.body);
  }).then((result) => {
    options.logger?.debug({ url: checked.url.origin, outcome: result.outcome }, 'guarded fetch');
    return result;
  });
}

async function readBody(response: http.IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    if (size < maxBytes) chunks.push(buffer.subarray(0, maxBytes - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failure(error: unknown, signal: AbortSignal, timeoutMs: number): GuardedFetchResult {
  if (error instanceof BlockedAddressError) return { outcome: 'blocked', reason: error.message };
  if (signal.aborted) return { outcome: 'timeout', reason: `no complete response within ${timeoutMs} ms` };
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'network', reason: message, code };
}
