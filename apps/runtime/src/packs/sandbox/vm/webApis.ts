// Runs INSIDE the QuickJS VM, before pack code: the web APIs pack code may use (QuickJS has the
// language, not these). Everything that leaves the VM goes through `host` as strings.
import { fetchImpl, HeadersImpl, RequestImpl, ResponseImpl } from './fetch.js';
import { host } from './host.js';
import { TextDecoderImpl, TextEncoderImpl } from './text.js';
import { URLImpl, URLSearchParamsImpl } from './url.js';

const stringify = JSON.stringify;

// --- timers, console, randomness, base64 ----------------------------------------------------------

const timers = new Map<number, () => void>();
let nextTimer = 1;

/** Called by the runtime when a timer set by the running call fires. */
export function fireTimer(id: number): void {
  const callback = timers.get(id);
  timers.delete(id);
  callback?.();
}

function setTimeoutImpl(callback: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): number {
  if (typeof callback !== 'function') throw new TypeError('setTimeout needs a function');
  const id = nextTimer++;
  timers.set(id, () => callback(...args));
  host.setTimer(id, Number(ms) || 0);
  return id;
}

function clearTimeoutImpl(id: number): void {
  if (timers.delete(id)) host.clearTimer(id);
}

const show = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
const logAt =
  (level: string) =>
  (...args: unknown[]) =>
    host.log(level, args.map(show).join(' ').slice(0, 2_000));

const HEX = /^[0-9a-f]*$/;
function getRandomValues<T extends ArrayBufferView>(array: T): T {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (bytes.length > 65_536) throw new RangeError('getRandomValues: at most 65536 bytes');
  const hex = host.random(bytes.length);
  if (!HEX.test(hex)) throw new Error('bad randomness');
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return array;
}
function randomUUID(): string {
  const b = getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function btoaImpl(text: string): string {
  const input = String(text);
  let out = '';
  for (let i = 0; i < input.length; i += 3) {
    const codes = [input.charCodeAt(i), input.charCodeAt(i + 1), input.charCodeAt(i + 2)];
    if (codes.some((code) => code > 255)) throw new Error('btoa: characters outside Latin-1');
    const [a, b = Number.NaN, c = Number.NaN] = codes as [number, number, number];
    const n = (a << 16) | ((Number.isNaN(b) ? 0 : b) << 8) | (Number.isNaN(c) ? 0 : c);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : B64[n & 63]!;
  }
  return out;
}
function atobImpl(text: string): string {
  const input = String(text)
    .replace(/[\t\n\f\r ]/g, '')
    .replace(/=+$/, '');
  let out = '';
  let bits = 0;
  let value = 0;
  for (const char of input) {
    const digit = B64.indexOf(char);
    if (digit < 0) throw new Error('atob: not base64');
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 255);
    }
  }
  return out;
}

const globals: Record<string, unknown> = {
  TextEncoder: TextEncoderImpl,
  TextDecoder: TextDecoderImpl,
  URL: URLImpl,
  URLSearchParams: URLSearchParamsImpl,
  Headers: HeadersImpl,
  Request: RequestImpl,
  Response: ResponseImpl,
  fetch: fetchImpl,
  setTimeout: setTimeoutImpl,
  clearTimeout: clearTimeoutImpl,
  queueMicrotask: (callback: () => void) => void Promise.resolve().then(callback),
  console: {
    log: logAt('info'),
    info: logAt('info'),
    debug: logAt('debug'),
    warn: logAt('warn'),
    error: logAt('error'),
  },
  crypto: { getRandomValues, randomUUID },
  btoa: btoaImpl,
  atob: atobImpl,
};
for (const [name, value] of Object.entries(globals)) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}
