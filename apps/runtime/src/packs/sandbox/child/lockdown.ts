import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { bridgedFetch } from './bridge.js';

/**
 * Runs first in the sandbox, before any pack code: every way to open a socket throws, `fetch` goes
 * through the host, and the environment is empty. The process also runs under Node's permission
 * model (no file reads beyond its bundle, no child processes, no workers, no native addons).
 */
function refuse(what: string) {
  return () => {
    throw new Error(`${what} is not allowed in a pack sandbox: use fetch() to a host the node declares`);
  };
}

net.connect = refuse('net.connect') as typeof net.connect;
net.createConnection = refuse('net.createConnection') as typeof net.createConnection;
net.Socket.prototype.connect = refuse('net.Socket.connect') as typeof net.Socket.prototype.connect;
net.createServer = refuse('net.createServer') as typeof net.createServer;
tls.connect = refuse('tls.connect') as typeof tls.connect;
dgram.createSocket = refuse('dgram.createSocket') as typeof dgram.createSocket;
dns.lookup = refuse('dns.lookup') as unknown as typeof dns.lookup;
dns.promises.lookup = refuse('dns.lookup') as typeof dns.promises.lookup;
for (const client of [http, https]) {
  client.request = refuse('http.request') as typeof http.request;
  client.get = refuse('http.get') as typeof http.get;
  client.createServer = refuse('http.createServer') as typeof http.createServer;
}
syncBuiltinESMExports();

for (const name of ['WebSocket', 'EventSource'] as const) {
  Object.defineProperty(globalThis, name, { value: undefined, configurable: false, writable: false });
}
Object.defineProperty(globalThis, 'fetch', { value: bridgedFetch, configurable: false, writable: false });
for (const key of Object.keys(process.env)) delete process.env[key];
