import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type AddressPolicy, refusalForAddress } from './address-policy.js';

/** Resolves a name to every address it has; `dns.lookup` by default, injectable for tests. */
export type Resolver = (hostname: string) => Promise<dns.LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true });

/** Thrown (as a connection error) when a name resolves to an address the policy refuses. */
export class BlockedAddressError extends Error {
  readonly code = 'ESSRFBLOCKED';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${hostname} resolves to ${address}: ${reason}`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for `http.request`, `net.connect` or an `http.Agent` that resolves the name once,
 * refuses it if ANY of its addresses is forbidden, and hands exactly those checked addresses to
 * the socket. The connection therefore goes to an address that was checked, with the original
 * Host header and TLS servername: a DNS answer that changes between check and connect (DNS
 * rebinding) has no second chance.
 *
 * @example
 * http.request(url, { lookup: guardedLookup({ allowLoopback: false }) });
 */
export function guardedLookup(
  policy: AddressPolicy = {},
  resolve: Resolver = systemResolver,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family ? found.filter((a) => a.family === options.family) : found;
        for (const { address } of found) {
          const reason = refusalForAddress(address, policy);
          if (reason) return callback(new BlockedAddressError(hostname, address, reason), '', 0);
        }
        const first = wanted[0];
        if (!first) return callback(notFound(hostname), '', 0);
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`no address found for ${hostname}`);
  error.code = 'ENOTFOUND';
  return error;
}
