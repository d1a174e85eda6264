// Runs in a lane's worker thread: the only functions a pack's VM may call (`vm/host.ts` captures
// them before pack code runs). Each takes and returns strings or numbers; what they reach is the
// running call's: its fetches go to the main thread (declared hosts, SSRF guard), its timers end
// with it, its log lines are counted.
import { randomBytes } from 'node:crypto';
import type { parentPort } from 'node:worker_threads';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { SandboxLimits } from '../limits.js';
import type { RunningCall } from './call.js';

export type Port = NonNullable<typeof parentPort>;

/** Strings longer than this are not copied out of a VM (the JSON checks would refuse them anyway). */
export const MAX_PAYLOAD_CHARS = 4 * 1024 * 1024;

/** What the host functions need of the VM they serve. */
export interface VmSide {
  readonly vm: QuickJSContext;
  readonly limits: SandboxLimits;
  readonly port: Port;
  /** The call running now, if any. */
  current(): RunningCall | undefined;
  /** The dispatcher announced itself (once). */
  adopt(dispatcher: QuickJSHandle): void;
  /** Whether the pack's top level may write one more log line. */
  bootLog(): boolean;
  /** A timer of `call` fired: run its callback in the VM. */
  timerFired(call: RunningCall, timerId: number): void;
}

const URL_PARTS = [
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
];

/** WHATWG URL parsing with Node's URL: `{ input, base?, set? }` → the parts, or `{ error }`. */
function urlParts(request: string): string {
  const { input, base, set } = JSON.parse(request) as {
    input: string;
    base?: string;
    set?: Record<string, string>;
  };
  let url: URL;
  try {
    url = new URL(String(input), base === undefined ? undefined : String(base));
    for (const [key, value] of Object.entries(set ?? {})) {
      if (URL_PARTS.includes(key)) (url as unknown as Record<string, string>)[key] = String(value);
    }
  } catch {
    return JSON.stringify({ error: `Invalid URL: ${String(input).slice(0, 200)}` });
  }
  const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = url;
  return JSON.stringify({
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
  });
}

/** Puts the host functions into the VM as `__host` (removed again by `vm/host.ts`). */
export function installHost(side: VmSide): void {
  const { vm, limits, port } = side;
  const host = vm.newObject();
  const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
    vm.newFunction(name, fn).consume((handle) => vm.setProp(host, name, handle));
  };
  const lengthOf = (handle: QuickJSHandle) =>
    vm.getProp(handle, 'length').consume((length) => vm.getNumber(length));
  const text = (handle: QuickJSHandle | undefined, what: string, max = MAX_PAYLOAD_CHARS) => {
    if (!handle || vm.typeof(handle) !== 'string') throw new TypeError(`${what} must be a string`);
    if (lengthOf(handle) > max) throw new TypeError(`${what} is too large`);
    return vm.getString(handle);
  };
  const number = (handle: QuickJSHandle | undefined) =>
    handle && vm.typeof(handle) === 'number' ? vm.getNumber(handle) : Number.NaN;

  define('ready', (dispatcher) => {
    if (dispatcher) side.adopt(dispatcher);
    return undefined;
  });
  define('fetch', (request) => {
    const call = side.current();
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
    port.postMessage({ t: 'fetch', id: call.message.id, fetchId, request: parsed });
    return deferred.handle;
  });
  define('log', (level, message) => {
    const call = side.current();
    if (call ? call.logs++ >= limits.logLinesPerCall : !side.bootLog()) return undefined;
    const name = level && vm.typeof(level) === 'string' ? vm.getString(level) : 'info';
    port.postMessage({
      t: 'log',
      ...(call && { node: call.node }),
      level: ['debug', 'info', 'warn', 'error'].includes(name) ? name : 'info',
      message: text(message, 'a log line', 100_000).slice(0, 2_000),
    });
    return undefined;
  });
  define('url', (request) => vm.newString(urlParts(text(request, 'a URL', 100_000))));
  define('setTimer', (id, ms) => {
    const call = side.current();
    if (!call) throw new Error('timers are only allowed while a node runs');
    const timerId = number(id);
    const delay = Math.min(Math.max(0, number(ms) || 0), limits.callTimeoutMs);
    call.timers.set(
      timerId,
      setTimeout(() => {
        call.timers.delete(timerId);
        if (side.current() === call) side.timerFired(call, timerId);
      }, delay),
    );
    return undefined;
  });
  define('clearTimer', (id) => {
    const timerId = number(id);
    const call = side.current();
    clearTimeout(call?.timers.get(timerId));
    call?.timers.delete(timerId);
    return undefined;
  });
  define('random', (n) => {
    const count = Math.min(Math.max(0, Math.floor(number(n)) || 0), 65_536);
    return vm.newString(randomBytes(count).toString('hex'));
  });
  vm.setProp(vm.global, '__host', host);
  host.dispose();
}
