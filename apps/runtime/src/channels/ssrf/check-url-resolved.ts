import type { AddressPolicy } from './address-policy.js';
import { refusalForAddress } from './address-policy.js';
import { checkUrl, type UrlCheck } from './check-url.js';
import { type Resolver, systemResolver } from './guarded-lookup.js';

/**
 * `checkUrl` plus a DNS lookup, for save time: tells the user now that `crm.internal` resolves
 * to 10.0.0.5 instead of at the first delivery. A name that does not resolve is accepted (it may
 * exist later); `guardedFetch` checks the addresses again at every connect regardless.
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
  const addresses = await resolve(checked.url.hostname).catch(() => []);
  for (const { address } of addresses) {
    const reason = refusalForAddress(address, policy);
    if (reason) return { ok: false, reason: `${checked.url.hostname} resolves to ${address}: ${reason}` };
  }
  return checked;
}
