import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { bridgedFetch } from './bridge.js';

/**
 * Runs first in the sandbox, before any pack code: every way to open a socket, resolve a name or
 * signal another process throws, `fetch` goes through the host, and the environment is empty.
 * The process also runs under Node's permission model (no file reads beyond its bundle, no
 * child processes, workers, inspector or native addons), which refuses `process.binding` too.
 */
function refuse(what: string) {
  // A plain function, so `new dns.Resolver()` also gets this message.
  return function refused(): never {
    throw new Error(`${what} is not allowed in a pack sandbox: use fetch() to a host the node declares`);
  };
}

// biome-ignore lint/suspicious/noExplicitAny: replaces functions of many signatures
function replace(target: any, names: readonly string[], prefix: string): void {
  for (const name of names) {
    if (typeof target[name] === 'function') {
      Object.defineProperty(target, name, {
        value: refuse(`${prefix}.${name}`),
        writable: false,
        configurable: false,
      });
    }
  }
}

const functionsOf = (target: object) =>
  Object.keys(target).filter((name) => typeof (target as Record<string, unknown>)[name] === 'function');

replace(net, ['connect', 'createConnection', 'createServer'], 'net');
replace(net.Socket.prototype, ['connect'], 'net.Socket');
replace(net.Server.prototype, ['listen'], 'net.Server');
replace(tls, ['connect', 'createServer'], 'tls');
replace(dgram, ['createSocket'], 'dgram');
replace(dgram.Socket.prototype, ['bind', 'connect', 'send'], 'dgram.Socket');
replace(dns, functionsOf(dns), 'dns');
replace(dns.promises, functionsOf(dns.promises), 'dns.promises');
replace(http, ['request', 'get', 'createServer'], 'http');
replace(https, ['request', 'get', 'createServer'], 'https');
replace(http2, ['connect', 'createServer', 'createSecureServer'], 'http2');
// Signals to other processes (the runtime is the parent) and the inspector trigger.
replace(process, ['kill', '_kill', '_debugProcess', 'dlopen'], 'process');
syncBuiltinESMExports();

for (const name of ['WebSocket', 'EventSource'] as const) {
  Object.defineProperty(globalThis, name, { value: undefined, configurable: false, writable: false });
}
Object.defineProperty(globalThis, 'fetch', { value: bridgedFetch, configurable: false, writable: false });
for (const key of Object.keys(process.env)) delete process.env[key];
