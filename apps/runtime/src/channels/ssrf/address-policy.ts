import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { SPECIAL_IPV4, SPECIAL_IPV6 } from './special-ranges.js';

export interface AddressPolicy {
  /** Development only: lets requests reach 127.0.0.0/8 and ::1 (local CRM mocks, test receivers). */
  allowLoopback?: boolean;
}

/**
 * Cloud metadata and platform endpoints. Azure's 168.63.129.16 sits in a public range; the others
 * are in refused ranges already and are named here so the reason says what they are.
 */
const METADATA_ADDRESSES = new Set(['168.63.129.16', '100.100.100.200', '169.254.169.254', 'fd00:ec2::254']);

const parseRanges = (table: ReadonlyArray<readonly [string, string]>) =>
  table.map(([cidr, reason]) => ({ range: ipaddr.parseCIDR(cidr), reason }));
const IPV4_RANGES = parseRanges(SPECIAL_IPV4);
const IPV6_RANGES = parseRanges(SPECIAL_IPV6);
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Why an IP address must not be connected to, or undefined when it is a public unicast address.
 * Every block of the IANA special-purpose registries is refused (special-ranges.ts), IPv6 outside
 * global unicast (2000::/3) is refused, and every IPv6 form that embeds an IPv4 address
 * (IPv4-compatible `::127.0.0.1`, mapped, NAT64, 6to4, Teredo) is refused rather than decoded:
 * no webhook endpoint needs them, and decoding each is how checks get bypassed. The one exception
 * is a mapped loopback while loopback is allowed (a dual-stack socket reports 127.0.0.1 so).
 *
 * @example
 * refusalForAddress('10.0.0.7'); // 'private address'
 * refusalForAddress('::7f00:1'); // 'IPv4-compatible IPv6 address (embeds 127.0.0.1)'
 * refusalForAddress('93.184.216.34'); // undefined
 */
export function refusalForAddress(address: string, policy: AddressPolicy = {}): string | undefined {
  if (!isIP(address)) return 'not an IP address';
  const parsed = ipaddr.parse(canonical(address));
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString()) || METADATA_ADDRESSES.has(parsed.toString()))
    return 'cloud metadata address';
  if (parsed.kind() === 'ipv4') return refusalForIpv4(parsed as ipaddr.IPv4, policy);
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress() && policy.allowLoopback && v6.toIPv4Address().range() === 'loopback')
    return undefined;
  if (policy.allowLoopback && v6.range() === 'loopback') return undefined;
  for (const { range, reason } of IPV6_RANGES) {
    if (!v6.match(range)) continue;
    const embedded = embeddedIpv4(v6, reason);
    return embedded ? `${reason} (embeds ${embedded})` : reason;
  }
  return v6.match(GLOBAL_UNICAST_V6) ? undefined : 'reserved IPv6 address (outside 2000::/3)';
}

/**
 * The address as the WHATWG URL parser writes it. ipaddr.js reads `::127.0.0.1` as the mapped
 * `::ffff:7f00:1`, the URL parser (and the socket) as the IPv4-compatible `::7f00:1`: judge what
 * a connection would use.
 */
function canonical(address: string): string {
  if (isIP(address) !== 6) return address;
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

function refusalForIpv4(address: ipaddr.IPv4, policy: AddressPolicy): string | undefined {
  if (policy.allowLoopback && address.range() === 'loopback') return undefined;
  return IPV4_RANGES.find(({ range }) => address.match(range))?.reason;
}

/** The IPv4 address an embedding IPv6 form carries, for the reason (the last 32 bits). */
function embeddedIpv4(address: ipaddr.IPv6, reason: string): string | undefined {
  if (!/IPv4-|NAT64/.test(reason)) return undefined;
  const bytes = address.toByteArray().slice(12);
  return bytes.join('.');
}
