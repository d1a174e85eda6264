import ipaddr from 'ipaddr.js';
import { type AddressPolicy, refusalForAddress } from './address-policy.js';

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Validates a user-given outbound URL (a CRM webhook endpoint) at save time, without DNS.
 * The WHATWG URL parser first normalizes decimal, octal and hex IPv4 forms (`http://2130706433/`,
 * `http://0177.0.0.1/`, `http://0x7f.1/` are all 127.0.0.1), so literal addresses are judged by
 * what they really are. Names that resolve to forbidden addresses are caught at connect time by
 * `guardedFetch`. URLs with credentials are refused: they would be shown in the editor and logs,
 * and the webhook signature already authenticates the sender.
 *
 * @example
 * checkUrl('http://0x7f.1/hook'); // { ok: false, reason: 'loopback address' }
 * checkUrl('https://crm.example.com/hooks'); // { ok: true, url: URL }
 */
export function checkUrl(input: string, policy: AddressPolicy = {}): UrlCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol.slice(0, -1)} is not allowed (http or https only)` };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed' };
  const reason = refusalForHost(url.hostname, policy);
  return reason ? { ok: false, reason } : { ok: true, url };
}

/** Why a URL host (a name, an IPv4 address or a bracketed IPv6 address) is refused, if it is. */
export function refusalForHost(hostname: string, policy: AddressPolicy = {}): string | undefined {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (ipaddr.isValid(host)) return refusalForAddress(host, policy);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '') return 'missing host';
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return policy.allowLoopback ? undefined : 'localhost name';
  }
  return undefined;
}
