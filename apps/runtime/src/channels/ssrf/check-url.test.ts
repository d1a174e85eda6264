import { describe, expect, it } from 'vitest';
import { refusalForAddress } from './address-policy.js';
import { checkUrl } from './check-url.js';
import { checkUrlResolved } from './check-url-resolved.js';
import type { Resolver } from './guarded-lookup.js';

const hostile: Array<[url: string, reason: RegExp]> = [
  ['http://127.0.0.1/', /loopback/],
  ['http://127.255.255.254:8080/x', /loopback/],
  ['http://[::1]/', /loopback/],
  ['http://2130706433/', /loopback/],
  ['http://0177.0.0.1/', /loopback/],
  ['http://0x7f.1/', /loopback/],
  ['http://127.1/', /loopback/],
  ['http://localhost/', /localhost/],
  ['http://LOCALHOST./', /localhost/],
  ['http://api.localhost/', /localhost/],
  ['http://%6c%6fcalhost/', /localhost/],
  ['http://[::ffff:127.0.0.1]/', /loopback/],
  ['http://[0:0:0:0:0:ffff:7f00:1]/', /loopback/],
  ['http://[::ffff:10.0.0.1]/', /private/],
  ['http://10.1.2.3/', /private/],
  ['http://172.16.0.1/', /private/],
  ['http://172.31.255.255/', /private/],
  ['http://192.168.1.1/', /private/],
  ['http://[fc00::1]/', /unique local/],
  ['http://[fd12:3456::1]/', /unique local/],
  ['http://169.254.10.10/', /link-local/],
  ['http://[fe80::1]/', /link-local/],
  ['http://169.254.169.254/latest/meta-data/', /metadata/],
  ['http://[fd00:ec2::254]/', /metadata/],
  ['http://100.100.100.200/', /metadata/],
  ['http://100.64.0.1/', /carrier-grade NAT/],
  ['http://0.0.0.0/', /unspecified/],
  ['http://0/', /unspecified/],
  ['http://[::]/', /unspecified/],
  ['http://224.0.0.1/', /multicast/],
  ['http://[ff02::1]/', /multicast/],
  ['http://255.255.255.255/', /broadcast/],
  ['http://[64:ff9b::7f00:1]/', /NAT64/],
  ['http://[2002:7f00:1::]/', /6to4/],
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
  ['http://192.0.2.1/', /reserved/],
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
  it('judges a mapped address by the IPv4 address it carries', () => {
    expect(refusalForAddress('::ffff:127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(refusalForAddress('::ffff:8.8.8.8')).toBeUndefined();
    expect(refusalForAddress('::ffff:192.168.0.1')).toBe('private address');
  });

  it('refuses what is not an address', () => {
    expect(refusalForAddress('example.com')).toBe('not an IP address');
  });
});

describe('checkUrlResolved', () => {
  const fakeDns: Resolver = async (hostname) =>
    hostname === 'crm.internal'
      ? [{ address: '10.0.0.5', family: 4 }]
      : hostname === 'crm.example.com'
        ? [{ address: '93.184.216.34', family: 4 }]
        : [];

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
