/**
 * Every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and their
 * updates, as published in 2025), plus multicast, with the reason a webhook may not go there. An
 * entry the registry marks "globally reachable" (AS112, AMT, TURN anycast…) is refused too: no CRM
 * endpoint lives in one. More specific blocks come first, so the reason names the narrowest one.
 * IPv6 outside 2000::/3 (global unicast) is refused by the policy as a whole; blocks below that
 * sit outside it are listed anyway, for their names.
 */
export const SPECIAL_IPV4: ReadonlyArray<readonly [cidr: string, reason: string]> = [
  ['0.0.0.0/32', 'unspecified address'],
  ['0.0.0.0/8', '"this network" address'],
  ['10.0.0.0/8', 'private address'],
  ['100.64.0.0/10', 'carrier-grade NAT address'],
  ['127.0.0.0/8', 'loopback address'],
  ['169.254.0.0/16', 'link-local address'],
  ['172.16.0.0/12', 'private address'],
  ['192.0.0.0/29', 'IPv4 service continuity address'],
  ['192.0.0.8/32', 'IPv4 dummy address'],
  ['192.0.0.9/32', 'port control protocol anycast address'],
  ['192.0.0.10/32', 'TURN anycast address'],
  ['192.0.0.170/31', 'NAT64/DNS64 discovery address'],
  ['192.0.0.0/24', 'IETF protocol assignment'],
  ['192.0.2.0/24', 'documentation address (TEST-NET-1)'],
  ['192.31.196.0/24', 'AS112 address'],
  ['192.52.193.0/24', 'AMT address'],
  ['192.88.99.0/24', '6to4 relay anycast address'],
  ['192.168.0.0/16', 'private address'],
  ['192.175.48.0/24', 'AS112 direct delegation address'],
  ['198.18.0.0/15', 'benchmarking address'],
  ['198.51.100.0/24', 'documentation address (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation address (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast address'],
  ['255.255.255.255/32', 'broadcast address'],
  ['240.0.0.0/4', 'reserved address (240.0.0.0/4)'],
];

export const SPECIAL_IPV6: ReadonlyArray<readonly [cidr: string, reason: string]> = [
  ['::/128', 'unspecified address'],
  ['::1/128', 'loopback address'],
  ['::ffff:0:0/96', 'IPv4-mapped IPv6 address'],
  ['::ffff:0:0:0/96', 'IPv4-translated IPv6 address'],
  ['::/96', 'IPv4-compatible IPv6 address'],
  ['64:ff9b::/96', 'NAT64 address'],
  ['64:ff9b:1::/48', 'NAT64 address (local use)'],
  ['100::/64', 'discard-only address'],
  ['100:0:0:1::/64', 'dummy IPv6 address'],
  ['2001::/32', 'Teredo address'],
  ['2001:1::1/128', 'port control protocol anycast address'],
  ['2001:1::2/128', 'TURN anycast address'],
  ['2001:1::3/128', 'DNS-SD service registration anycast address'],
  ['2001:2::/48', 'benchmarking address'],
  ['2001:3::/32', 'AMT address'],
  ['2001:4:112::/48', 'AS112 address'],
  ['2001:10::/28', 'ORCHID address'],
  ['2001:20::/28', 'ORCHIDv2 address'],
  ['2001:30::/28', 'drone remote ID address'],
  ['2001:db8::/32', 'documentation address'],
  ['2001::/23', 'IETF protocol assignment'],
  ['2002::/16', '6to4 address'],
  ['2620:4f:8000::/48', 'AS112 direct delegation address'],
  ['3fff::/20', 'documentation address'],
  ['5f00::/16', 'segment routing address'],
  ['fc00::/7', 'private address (unique local)'],
  ['fe80::/10', 'link-local address'],
  ['fec0::/10', 'site-local address (deprecated)'],
  ['ff00::/8', 'multicast address'],
];
