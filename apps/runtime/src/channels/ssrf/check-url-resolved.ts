import type { AddressPolicy } from './address-policy.js';
import { refusalForAddress } from './address-policy.js';
import { checkUrl, type UrlCheck } from './check-url.js';
import { type Resolver, systemResolver } from './guarded-lookup.js';

/** How long save time waits for DNS: a resolver that hangs must not hold the request. */
export const SAVE_TIME_DNS_MS = 2_000;

/**
 * `checkUrl` plus a DNS lookup, for save time: a name is refused when ANY address it resolves to
 * is (`crm.internal` → 10.0.0.5, a name → 127.0.0.1 or `::127.0.0.1`), so the user learns now
 * instead of at the first delivery. A name that does not resolve (or not within
 * SAVE_TIME_DNS_MS) is accepted, as it may exist later: `guardedFetch` resolves and checks again
 * at every connect and connects only to the address it checked.
 *
 * @example
 * await checkUrlResolved('https://crm.internal/hook'); // { ok: false, reason: 'crm.internal resolves to 10.0.0.5: private address' }
 */
export async function checkUrlResolved(
  input: string,
  policy: AddressPolicy = {},
  resolve: Resolver = systemResolver,
): Promise<UrlCheck> {
  const checked = checkUrl(input, policy);
  if (!checked.ok || checked.url.hostname.startsWith('[') || /^[\d.]+$/.test(checked.url.hostname))
    return checked;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<[]>((done) => {
    timer = setTimeout(() => done([]), SAVE_TIME_DNS_MS);
  });
  const addresses = await Promise.race([resolve(checked.url.hostname).catch(() => []), gaveUp]);
  clearTimeout(timer);
  for (const { address } of addresses) {
    const reason = refusalForAddress(address, policy);
    if (reason) return { ok: false, reason: `${checked.url.hostname} resolves to ${address}: ${reason}` };
  }
  return checked;
}
