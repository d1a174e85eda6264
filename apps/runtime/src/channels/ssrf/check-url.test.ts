import { describe, expect, it } from 'vitest';
import { refusalForAddress } from './address-policy.js';
import { checkUrl } from './check-url.js';
import { checkUrlResolved } from './check-url-resolved.js';
import type { Resolver } from './guarded-lookup.js';

/** Every way of writing a forbidden address in a URL: literal forms, encodings, embeddings. */
const hostile: Array<[url: string, reason: RegExp]> = [
  // IPv4 loopback in every notation the WHATWG URL parser normalizes
  ['http://127.0.0.1/', /loopback/],
  ['http://127.255.255.254:8080/x', /loopback/],
  ['http://2130706433/', /loopback/],
  ['http://0177.0.0.1/', /loopback/],
  ['http://0x7f.1/', /loopback/],
  ['http://0x7f000001/', /loopback/],
  ['http://017700000001/', /loopback/],
  ['http://127.000.000.001/', /loopback/],
  ['http://127.1/', /loopback/],
  ['http://127.0.0.1./', /loopback/],
  ['http://①②⑦.⓪.⓪.①/', /loopback/],
  ['http://0300.0250.0.1/', /private/],
  ['http://0xa9.0xfe.0xa9.0xfe/', /metadata/],
  ['http://localhost/', /localhost/],
  ['http://LOCALHOST./', /localhost/],
  ['http://api.localhost/', /localhost/],
  ['http://%6c%6fcalhost/', /localhost/],
  // IPv6 loopback and the forms that embed an IPv4 address
  ['http://[::1]/', /loopback/],
  ['http://[0:0:0:0:0:0:0:1]/', /loopback/],
  ['http://[::127.0.0.1]/', /IPv4-compatible IPv6 address \(embeds 127\.0\.0\.1\)/],
  ['http://[::7f00:1]/', /IPv4-compatible/],
  ['http://[::10.0.0.1]/', /IPv4-compatible/],
  ['http://[::8.8.8.8]/', /IPv4-compatible/],
  ['http://[::ffff:127.0.0.1]/', /IPv4-mapped IPv6 address \(embeds 127\.0\.0\.1\)/],
  ['http://[0:0:0:0:0:ffff:7f00:1]/', /IPv4-mapped/],
  ['http://[::ffff:10.0.0.1]/', /IPv4-mapped/],
  ['http://[::ffff:8.8.8.8]/', /IPv4-mapped/],
  ['http://[::ffff:0:7f00:1]/', /IPv4-translated/],
  ['http://[64:ff9b::7f00:1]/', /NAT64 address \(embeds 127\.0\.0\.1\)/],
  ['http://[64:ff9b::127.0.0.1]/', /NAT64/],
  ['http://[64:ff9b:1::a00:1]/', /NAT64/],
  ['http://[2002:7f00:1::]/', /6to4/],
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
  // IPv4 special-purpose registry (one address in each block)
  ['http://0.0.0.0/', /unspecified/],
  ['http://0/', /unspecified/],
  ['http://0.1.2.3/', /this network/],
  ['http://10.1.2.3/', /private/],
  ['http://100.64.0.1/', /carrier-grade NAT/],
  ['http://169.254.10.10/', /link-local/],
  ['http://172.16.0.1/', /private/],
  ['http://172.31.255.255/', /private/],
  ['http://192.0.0.1/', /service continuity/],
  ['http://192.0.0.8/', /dummy/],
  ['http://192.0.0.9/', /port control/],
  ['http://192.0.0.10/', /TURN/],
  ['http://192.0.0.170/', /NAT64\/DNS64/],
  ['http://192.0.0.171/', /NAT64\/DNS64/],
  ['http://192.0.0.200/', /IETF protocol/],
  ['http://192.0.2.1/', /TEST-NET-1/],
  ['http://192.31.196.1/', /AS112/],
  ['http://192.52.193.1/', /AMT/],
  ['http://192.88.99.2/', /6to4 relay/],
  ['http://192.168.1.1/', /private/],
  ['http://192.175.48.1/', /AS112 direct/],
  ['http://198.18.0.1/', /benchmarking/],
  ['http://198.19.255.255/', /benchmarking/],
  ['http://198.51.100.1/', /TEST-NET-2/],
  ['http://203.0.113.1/', /TEST-NET-3/],
  ['http://224.0.0.1/', /multicast/],
  ['http://239.255.255.250/', /multicast/],
  ['http://240.0.0.1/', /reserved/],
  ['http://255.255.255.255/', /broadcast/],
  // IPv6 special-purpose registry, and what lies outside global unicast
  ['http://[::]/', /unspecified/],
  ['http://[100::1]/', /discard-only/],
  ['http://[100:0:0:1::1]/', /dummy/],
  ['http://[2001:1::1]/', /port control/],
  ['http://[2001:1::2]/', /TURN/],
  ['http://[2001:1::3]/', /DNS-SD/],
  ['http://[2001:2::1]/', /benchmarking/],
  ['http://[2001:3::1]/', /AMT/],
  ['http://[2001:4:112::1]/', /AS112/],
  ['http://[2001:10::1]/', /ORCHID/],
  ['http://[2001:20::1]/', /ORCHIDv2/],
  ['http://[2001:30::1]/', /drone/],
  ['http://[2001:db8::1]/', /documentation/],
  ['http://[2001:100::1]/', /IETF protocol/],
  ['http://[2620:4f:8000::1]/', /AS112 direct/],
  ['http://[3fff::1]/', /documentation/],
  ['http://[5f00::1]/', /segment routing/],
  ['http://[fc00::1]/', /unique local/],
  ['http://[fd12:3456::1]/', /unique local/],
  ['http://[fe80::1]/', /link-local/],
  ['http://[fec0::1]/', /site-local/],
  ['http://[ff02::1]/', /multicast/],
  ['http://[4000::1]/', /outside 2000::\/3/],
  // cloud metadata
  ['http://169.254.169.254/latest/meta-data/', /metadata/],
  ['http://[fd00:ec2::254]/', /metadata/],
  ['http://100.100.100.200/', /metadata/],
  ['http://168.63.129.16/', /metadata/],
  // not http(s), credentials, not a URL
  ['ftp://example.com/', /scheme ftp/],
  ['file:///etc/passwd', /scheme file/],
  ['gopher://example.com/', /scheme gopher/],
  ['javascript:alert(1)', /scheme javascript/],
  ['https://user:secret@example.com/', /credentials/],
  ['not a url', /not a valid URL/],
];

describe('checkUrl', () => {
  it.each(hostile)('refuses %s', (url, reason) => {
    const result = checkUrl(url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    'https://crm.example.com/hooks/crossroads',
    'http://93.184.216.34:8080/x',
    'https://[2606:4700::1111]/',
  ])('accepts public %s', (url) => {
    expect(checkUrl(url).ok).toBe(true);
  });

  it('allows loopback only when asked, and nothing else with it', () => {
    expect(checkUrl('http://127.0.0.1:3000/', { allowLoopback: true }).ok).toBe(true);
    expect(checkUrl('http://[::1]:3000/', { allowLoopback: true }).ok).toBe(true);
    expect(checkUrl('http://localhost:3000/', { allowLoopback: true }).ok).toBe(true);
    expect(checkUrl('http://10.0.0.1/', { allowLoopback: true }).ok).toBe(false);
    expect(checkUrl('http://169.254.169.254/', { allowLoopback: true }).ok).toBe(false);
  });
});

describe('refusalForAddress', () => {
  it('refuses mapped addresses, except a mapped loopback while loopback is allowed', () => {
    expect(refusalForAddress('::ffff:127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(refusalForAddress('::ffff:8.8.8.8')).toBe('IPv4-mapped IPv6 address (embeds 8.8.8.8)');
    expect(refusalForAddress('::ffff:192.168.0.1', { allowLoopback: true })).toMatch(/IPv4-mapped/);
    expect(refusalForAddress('::127.0.0.1', { allowLoopback: true })).toMatch(/IPv4-compatible/);
  });

  it('accepts public unicast of both families', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '1.1.1.1', '2606:4700::1111', '2a00:1450:4001::200e'])
      expect(refusalForAddress(address), address).toBeUndefined();
  });

  it('refuses what is not an address', () => {
    expect(refusalForAddress('example.com')).toBe('not an IP address');
  });
});

describe('checkUrlResolved', () => {
  const answers: Record<string, Array<{ address: string; family: number }>> = {
    'crm.internal': [{ address: '10.0.0.5', family: 4 }],
    'crm.example.com': [{ address: '93.184.216.34', family: 4 }],
    'loop.example.com': [{ address: '127.0.0.1', family: 4 }],
    'compat.example.com': [{ address: '::7f00:1', family: 6 }],
    'mapped.example.com': [{ address: '::ffff:169.254.169.254', family: 6 }],
    'nat64.example.com': [{ address: '64:ff9b::a9fe:a9fe', family: 6 }],
    'mixed.example.com': [
      { address: '93.184.216.34', family: 4 },
      { address: '::1', family: 6 },
    ],
  };
  const fakeDns: Resolver = async (hostname) => answers[hostname] ?? [];

  it.each([
    ['loop.example.com', /resolves to 127\.0\.0\.1: loopback/],
    ['compat.example.com', /resolves to ::7f00:1: IPv4-compatible/],
    ['mapped.example.com', /resolves to ::ffff:169\.254\.169\.254: IPv4-mapped/],
    ['nat64.example.com', /resolves to 64:ff9b::a9fe:a9fe: NAT64/],
    ['mixed.example.com', /resolves to ::1: loopback/],
  ])('refuses %s by what it resolves to', async (name, reason) => {
    const result = await checkUrlResolved(`https://${name}/hook`, {}, fakeDns);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('accepts a name whose resolver never answers, after a bounded wait', async () => {
    const hangs: Resolver = () => new Promise(() => {});
    expect((await checkUrlResolved('https://slow.example.com/hook', {}, hangs)).ok).toBe(true);
  });

  it('refuses a name that resolves to a private address', async () => {
    expect(await checkUrlResolved('https://crm.internal/hook', {}, fakeDns)).toEqual({
      ok: false,
      reason: 'crm.internal resolves to 10.0.0.5: private address',
    });
  });

  it('accepts a public name and a name that does not resolve yet', async () => {
    expect((await checkUrlResolved('https://crm.example.com/hook', {}, fakeDns)).ok).toBe(true);
    expect((await checkUrlResolved('https://not-yet.example.com/hook', {}, fakeDns)).ok).toBe(true);
  });

  it('still refuses literal addresses without resolving them', async () => {
    expect(await checkUrlResolved('http://0x7f.1/', {}, fakeDns)).toEqual({
      ok: false,
      reason: 'loopback address',
    });
  });
});
