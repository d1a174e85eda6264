// Runs in a lane's worker thread: the functions a pack VM may call on the host (`__host`): the
// dispatcher's announcement, fetch (answered by the main thread), log lines, URL parsing, timers
// and random bytes. Each checks what the VM passed before it is used.
import { randomBytes } from 'node:crypto';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { SandboxLimits } from '../limits.js';
import { MAX_PAYLOAD_CHARS, type Port, type RunningCall } from './vmCall.js';

/** What the host functions need of the VM they serve. */
export interface HostSide {
  vm: QuickJSContext;
  limits: SandboxLimits;
  port: Port;
  /** The call running now, if any. */
  running(): RunningCall | undefined;
  /** The pack's dispatcher announced itself. */
  ready(dispatcher: QuickJSHandle): void;
  /** Counts one log line of the call (or of the top level); false past the limit. */
  mayLog(call: RunningCall | undefined): boolean;
  lengthOf(handle: QuickJSHandle): number;
  /** A timer the call set has fired: run its callback inside the VM. */
  fireTimer(call: RunningCall, timerId: number): void;
}

/** Installs `__host` in the VM's global scope. */
export function installHost(side: HostSide): void {
  const vm = side.vm;
  const host = vm.newObject();
  const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
    vm.newFunction(name, fn).consume((handle) => vm.setProp(host, name, handle));
  };
  const text = (handle: QuickJSHandle | undefined, what: string, max = MAX_PAYLOAD_CHARS) => {
    if (!handle || vm.typeof(handle) !== 'string') throw new TypeError(`${what} must be a string`);
    if (side.lengthOf(handle) > max) throw new TypeError(`${what} is too large`);
    return vm.getString(handle);
  };
  const number = (handle: QuickJSHandle | undefined) =>
    handle && vm.typeof(handle) === 'number' ? vm.getNumber(handle) : Number.NaN;

  define('ready', (dispatcher) => {
    if (dispatcher) side.ready(dispatcher);
    return undefined;
  });
  define('fetch', (request) => {
    const call = side.running();
    if (call?.message.op !== 'execute') throw new Error('fetch is only allowed while a node executes');
    const body = text(request, 'a fetch request', 1_100_000);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new TypeError('a fetch request must be JSON');
    }
    const fetchId = call.nextFetch++;
    const deferred = vm.newPromise();
    call.fetches.set(fetchId, deferred);
    side.port.postMessage({ t: 'fetch', id: call.message.id, fetchId, request: parsed });
    return deferred.handle;
  });
  define('log', (level, message) => {
    const call = side.running();
    if (!side.mayLog(call)) return undefined;
    const name = level && vm.typeof(level) === 'string' ? vm.getString(level) : 'info';
    side.port.postMessage({
      t: 'log',
      ...(call && { node: call.node }),
      level: ['debug', 'info', 'warn', 'error'].includes(name) ? name : 'info',
      message: text(message, 'a log line', 100_000).slice(0, 2_000),
    });
    return undefined;
  });
  define('url', (request) => {
    const { input, base, set } = JSON.parse(text(request, 'a URL', 100_000)) as {
      input: string;
      base?: string;
      set?: Record<string, string>;
    };
    let url: URL;
    try {
      url = new URL(String(input), base === undefined ? undefined : String(base));
      for (const [key, value] of Object.entries(set ?? {})) {
        if (
          [
            'protocol',
            'username',
            'password',
            'host',
            'hostname',
            'port',
            'pathname',
            'search',
            'hash',
          ].includes(key)
        ) {
          (url as unknown as Record<string, string>)[key] = String(value);
        }
      }
    } catch {
      return vm.newString(JSON.stringify({ error: `Invalid URL: ${String(input).slice(0, 200)}` }));
    }
    const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = url;
    return vm.newString(
      JSON.stringify({
        href,
        origin,
        protocol,
        username,
        password,
        host,
        hostname,
        port,
        pathname,
        search,
        hash,
      }),
    );
  });
  define('setTimer', (id, ms) => {
    const call = side.running();
    if (!call) throw new Error('timers are only allowed while a node runs');
    const timerId = number(id);
    const delay = Math.min(Math.max(0, number(ms) || 0), side.limits.callTimeoutMs);
    call.timers.set(
      timerId,
      setTimeout(() => {
        call.timers.delete(timerId);
        side.fireTimer(call, timerId);
      }, delay),
    );
    return undefined;
  });
  define('clearTimer', (id) => {
    const timerId = number(id);
    clearTimeout(side.running()?.timers.get(timerId));
    side.running()?.timers.delete(timerId);
    return undefined;
  });
  define('random', (n) => {
    const count = Math.min(Math.max(0, Math.floor(number(n)) || 0), 65_536);
    return vm.newString(randomBytes(count).toString('hex'));
  });
  vm.setProp(vm.global, '__host', host);
  host.dispose();
}
