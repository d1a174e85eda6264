import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch } from './guarded-fetch.js';
import type { Resolver } from './guarded-lookup.js';

let server: http.Server;
let base: string;
let port: number;
const seen: Array<{ host: string | undefined; url: string | undefined }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ host: req.headers.host, url: req.url });
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      return;
    }
    if (req.url === '/slow') return; // never answers
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.method}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Simulates DNS answers for names that do not exist, as a rebinding attacker's server would give. */
const fakeDns =
  (answers: Record<string, string[]>): Resolver =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('guardedFetch', () => {
  it('refuses a loopback server by default', async () => {
    const result = await guardedFetch(`${base}/`);
    expect(result).toEqual({ outcome: 'blocked', reason: 'loopback address' });
  });

  it('reaches a loopback server with allowLoopback', async () => {
    const result = await guardedFetch(`${base}/`, { method: 'POST', body: '{}' }, { allowLoopback: true });
    expect(result).toMatchObject({ outcome: 'response', status: 200, body: 'hello POST' });
  });

  it('refuses IPv4-compatible and NAT64 forms of loopback even with allowLoopback', async () => {
    for (const host of ['[::127.0.0.1]', '[::7f00:1]', '[64:ff9b::7f00:1]']) {
      const before = seen.length;
      const result = await guardedFetch(`http://${host}:${port}/`, {}, { allowLoopback: true });
      expect(result, host).toMatchObject({ outcome: 'blocked' });
      expect(seen.length).toBe(before);
    }
    const resolve = fakeDns({ 'compat.example.com': ['::7f00:1'] });
    expect(await guardedFetch(`http://compat.example.com:${port}/`, {}, { resolve })).toEqual({
      outcome: 'blocked',
      reason: 'compat.example.com resolves to ::7f00:1: IPv4-compatible IPv6 address (embeds 127.0.0.1)',
    });
  });

  it('refuses a redirect instead of following it', async () => {
    const before = seen.length;
    const result = await guardedFetch(`${base}/redirect`, {}, { allowLoopback: true });
    expect(result).toEqual({
      outcome: 'redirect',
      status: 302,
      location: 'http://169.254.169.254/latest/meta-data/',
      reason: 'redirect refused',
    });
    expect(seen.slice(before).map((r) => r.url)).toEqual(['/redirect']);
  });

  it('checks the resolved address at connect time (a name pointing at loopback)', async () => {
    const resolve = fakeDns({ 'rebind.attacker.test': ['127.0.0.1'] });
    const result = await guardedFetch(`http://rebind.attacker.test:${port}/`, {}, { resolve });
    expect(result.outcome).toBe('blocked');
    if (result.outcome === 'blocked')
      expect(result.reason).toMatch(/resolves to 127\.0\.0\.1: loopback address/);
  });

  it('refuses a name when any of its addresses is forbidden', async () => {
    const resolve = fakeDns({ 'mixed.attacker.test': ['93.184.216.34', '169.254.169.254'] });
    const result = await guardedFetch('http://mixed.attacker.test/', {}, { resolve });
    expect(result.outcome).toBe('blocked');
    if (result.outcome === 'blocked') expect(result.reason).toMatch(/metadata/);
  });

  it('connects to the checked address with the original Host header', async () => {
    const resolve = fakeDns({ 'crm.dev.test': ['127.0.0.1'] });
    const before = seen.length;
    const result = await guardedFetch(
      `http://crm.dev.test:${port}/host`,
      {},
      { resolve, allowLoopback: true },
    );
    expect(result).toMatchObject({ outcome: 'response', status: 200 });
    expect(seen.slice(before)).toEqual([{ host: `crm.dev.test:${port}`, url: '/host' }]);
  });

  it('times out a server that never answers', async () => {
    const result = await guardedFetch(`${base}/slow`, {}, { allowLoopback: true, timeoutMs: 200 });
    expect(result).toEqual({ outcome: 'timeout', reason: 'no complete response within 200 ms' });
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await guardedFetch(`http://127.0.0.1:${closedPort}/`, {}, { allowLoopback: true });
    expect(result).toMatchObject({ outcome: 'network', code: 'ECONNREFUSED' });
  });
});
