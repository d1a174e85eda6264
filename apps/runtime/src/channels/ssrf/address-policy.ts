import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Development only: lets requests reach 127.0.0.0/8 and ::1 (local CRM mocks, test receivers). */
  allowLoopback?: boolean;
}

/**
 * Cloud metadata and platform endpoints that sit in otherwise public ranges. The well-known
 * 169.254.169.254 and fd00:ec2::254 are already refused as link-local and unique-local.
 */
const METADATA_ADDRESSES = new Set(['168.63.129.16', '100.100.100.200', '169.254.169.254', 'fd00:ec2::254']);

const RANGE_REASONS: Record<string, string> = {
  loopback: 'loopback address',
  private: 'private address',
  uniqueLocal: 'private address (unique local)',
  linkLocal: 'link-local address',
  carrierGradeNat: 'carrier-grade NAT address',
  unspecified: 'unspecified address',
  multicast: 'multicast address',
  broadcast: 'broadcast address',
  ipv4Mapped: 'IPv4-mapped IPv6 address',
  rfc6052: 'NAT64 address',
  rfc6145: 'IPv4-translated address',
  '6to4': '6to4 address',
  teredo: 'Teredo address',
};

/**
 * Why an IP address must not be connected to, or undefined when it is a public unicast address.
 * Only ipaddr.js's `unicast` range passes: reserved, documentation, benchmarking and every other
 * special-purpose range is refused, and IPv6 forms that embed an IPv4 address (mapped, NAT64,
 * 6to4, Teredo) are refused rather than decoded, since no webhook endpoint needs them.
 *
 * @example
 * refusalForAddress('10.0.0.7'); // 'private address'
 * refusalForAddress('::ffff:127.0.0.1', { allowLoopback: true }); // undefined (it is 127.0.0.1)
 * refusalForAddress('93.184.216.34'); // undefined
 */
export function refusalForAddress(address: string, policy: AddressPolicy = {}): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  // a mapped loopback (::ffff:127.0.0.1) is loopback: judge it as the IPv4 address it carries
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const normalized = parsed.toNormalizedString();
  if (METADATA_ADDRESSES.has(normalized) || METADATA_ADDRESSES.has(parsed.toString())) {
    return 'cloud metadata address';
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return RANGE_REASONS[range] ?? `reserved address (${range})`;
}
