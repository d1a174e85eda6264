// Runs INSIDE the QuickJS VM, before pack code: the web APIs pack code may use (QuickJS has the
// language, not these). Everything that leaves the VM goes through `host` as strings.
import { host } from './host.js';

const stringify = JSON.stringify;
const parseJson = JSON.parse;

// --- text ---------------------------------------------------------------------------------------

class TextEncoderImpl {
  readonly encoding = 'utf-8';
  encode(input = ''): Uint8Array {
    const text = String(input);
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next < 0xe000) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
        }
      }
      if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
      if (code < 0x80) bytes.push(code);
      else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
      else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
      else
        bytes.push(
          0xf0 | (code >> 18),
          0x80 | ((code >> 12) & 63),
          0x80 | ((code >> 6) & 63),
          0x80 | (code & 63),
        );
    }
    return new Uint8Array(bytes);
  }
}

class TextDecoderImpl {
  readonly encoding = 'utf-8';
  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (input === undefined) return '';
    const bytes = ArrayBuffer.isView(input)
      ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const byte = bytes[i++]!;
      let code = 0xfffd;
      const more = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : 0;
      if (byte < 0x80) code = byte;
      else if (more > 0 && i + more <= bytes.length) {
        code = byte & (0x3f >> more);
        for (let k = 0; k < more; k++) code = (code << 6) | (bytes[i++]! & 63);
      }
      out += String.fromCodePoint(code > 0x10ffff ? 0xfffd : code);
    }
    return out;
  }
}

// --- URL ----------------------------------------------------------------------------------------

interface UrlParts {
  href: string;
  origin: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
}

const parseUrl = (request: object): UrlParts => {
  const answer = parseJson(host.url(stringify(request))) as UrlParts | { error: string };
  if ('error' in answer) throw new TypeError(answer.error);
  return answer;
};

const formEncode = (text: string) =>
  encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));

class URLSearchParamsImpl {
  private list: Array<[string, string]> = [];
  /** Set by a URL that owns these params, to keep its `search` in step. */
  onChange?: (query: string) => void;

  constructor(init?: string | Record<string, string> | Iterable<[string, string]> | URLSearchParamsImpl) {
    if (typeof init === 'string') this.parse(init);
    else if (init && typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const [name, value] of init as Iterable<[string, string]>)
        this.list.push([String(name), String(value)]);
    } else if (init)
      for (const name of Object.keys(init))
        this.list.push([name, String((init as Record<string, string>)[name])]);
  }

  private parse(query: string): void {
    this.list = [];
    for (const part of query.replace(/^\?/, '').split('&')) {
      if (part === '') continue;
      const at = part.indexOf('=');
      this.list.push(
        at < 0 ? [formDecode(part), ''] : [formDecode(part.slice(0, at)), formDecode(part.slice(at + 1))],
      );
    }
  }
  /** Used by URL when its search changes. */
  reset(query: string): void {
    this.parse(query);
  }
  private changed(): void {
    this.onChange?.(this.toString());
  }
  get size(): number {
    return this.list.length;
  }
  append(name: string, value: string): void {
    this.list.push([String(name), String(value)]);
    this.changed();
  }
  delete(name: string): void {
    this.list = this.list.filter(([key]) => key !== name);
    this.changed();
  }
  get(name: string): string | null {
    return this.list.find(([key]) => key === name)?.[1] ?? null;
  }
  getAll(name: string): string[] {
    return this.list.filter(([key]) => key === name).map(([, value]) => value);
  }
  has(name: string): boolean {
    return this.list.some(([key]) => key === name);
  }
  set(name: string, value: string): void {
    const at = this.list.findIndex(([key]) => key === name);
    if (at < 0) this.list.push([String(name), String(value)]);
    else {
      this.list[at] = [String(name), String(value)];
      this.list = this.list.filter(([key], index) => key !== name || index === at);
    }
    this.changed();
  }
  sort(): void {
    this.list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.changed();
  }
  forEach(callback: (value: string, name: string, params: URLSearchParamsImpl) => void): void {
    for (const [name, value] of this.list) callback(value, name, this);
  }
  keys(): IterableIterator<string> {
    return this.list.map(([name]) => name)[Symbol.iterator]();
  }
  values(): IterableIterator<string> {
    return this.list.map(([, value]) => value)[Symbol.iterator]();
  }
  entries(): IterableIterator<[string, string]> {
    return this.list.map(([name, value]) => [name, value] as [string, string])[Symbol.iterator]();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
  toString(): string {
    return this.list.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join('&');
  }
}

class URLImpl {
  private parts: UrlParts;
  private params: URLSearchParamsImpl | undefined;

  constructor(input: string | URLImpl, base?: string | URLImpl) {
    this.parts = parseUrl({ input: String(input), ...(base !== undefined && { base: String(base) }) });
  }
  static canParse(input: string, base?: string): boolean {
    try {
      new URLImpl(input, base);
      return true;
    } catch {
      return false;
    }
  }
  private update(name: keyof UrlParts, value: string): void {
    this.parts = parseUrl({ input: this.parts.href, set: { [name]: String(value) } });
    this.params?.reset(this.parts.search);
  }
  get searchParams(): URLSearchParamsImpl {
    if (!this.params) {
      this.params = new URLSearchParamsImpl(this.parts.search);
      this.params.onChange = (query) => {
        this.parts = parseUrl({ input: this.parts.href, set: { search: query } });
      };
    }
    return this.params;
  }
  get href() {
    return this.parts.href;
  }
  set href(value: string) {
    this.parts = parseUrl({ input: String(value) });
    this.params?.reset(this.parts.search);
  }
  get origin() {
    return this.parts.origin;
  }
  get protocol() {
    return this.parts.protocol;
  }
  set protocol(value: string) {
    this.update('protocol', value);
  }
  get username() {
    return this.parts.username;
  }
  set username(value: string) {
    this.update('username', value);
  }
  get password() {
    return this.parts.password;
  }
  set password(value: string) {
    this.update('password', value);
  }
  get host() {
    return this.parts.host;
  }
  set host(value: string) {
    this.update('host', value);
  }
  get hostname() {
    return this.parts.hostname;
  }
  set hostname(value: string) {
    this.update('hostname', value);
  }
  get port() {
    return this.parts.port;
  }
  set port(value: string) {
    this.update('port', value);
  }
  get pathname() {
    return this.parts.pathname;
  }
  set pathname(value: string) {
    this.update('pathname', value);
  }
  get search() {
    return this.parts.search;
  }
  set search(value: string) {
    this.update('search', value);
  }
  get hash() {
    return this.parts.hash;
  }
  set hash(value: string) {
    this.update('hash', value);
  }
  toString() {
    return this.parts.href;
  }
  toJSON() {
    return this.parts.href;
  }
}

// --- fetch --------------------------------------------------------------------------------------

type HeadersInit = HeadersImpl | Record<string, string> | Iterable<[string, string]>;

class HeadersImpl {
  private map = new Map<string, string>();
  constructor(init?: HeadersInit) {
    if (init instanceof HeadersImpl) {
      init.forEach((value, name) => {
        this.append(name, value);
      });
    } else if (init && typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const [name, value] of init as Iterable<[string, string]>) this.append(name, value);
    } else if (init)
      for (const name of Object.keys(init)) this.append(name, (init as Record<string, string>)[name]!);
  }
  append(name: string, value: string): void {
    const key = String(name).toLowerCase();
    const existing = this.map.get(key);
    this.map.set(key, existing === undefined ? String(value) : `${existing}, ${value}`);
  }
  set(name: string, value: string): void {
    this.map.set(String(name).toLowerCase(), String(value));
  }
  get(name: string): string | null {
    return this.map.get(String(name).toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(String(name).toLowerCase());
  }
  delete(name: string): void {
    this.map.delete(String(name).toLowerCase());
  }
  forEach(callback: (value: string, name: string, headers: HeadersImpl) => void): void {
    for (const [name, value] of this.map) callback(value, name, this);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

type Body = string | URLSearchParamsImpl | null | undefined;

const bodyText = (body: unknown): string | undefined => {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParamsImpl) return body.toString();
  throw new TypeError('fetch in a pack sandbox sends string bodies only (use JSON.stringify)');
};

class RequestImpl {
  readonly url: string;
  readonly method: string;
  readonly headers: HeadersImpl;
  readonly body: string | undefined;
  constructor(
    input: string | URLImpl | RequestImpl,
    init: { method?: string; headers?: HeadersInit; body?: Body } = {},
  ) {
    const from = input instanceof RequestImpl ? input : undefined;
    this.url = from ? from.url : new URLImpl(String(input)).href;
    this.method = String(init.method ?? from?.method ?? 'GET').toUpperCase();
    this.headers = new HeadersImpl(init.headers ?? from?.headers);
    this.body = bodyText(init.body) ?? from?.body;
    if (
      this.body !== undefined &&
      !this.headers.has('content-type') &&
      init.body instanceof URLSearchParamsImpl
    ) {
      this.headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    }
  }
  async text(): Promise<string> {
    return this.body ?? '';
  }
}

class ResponseImpl {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeadersImpl;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  private readonly content: string;
  bodyUsed = false;
  constructor(
    body?: string | null,
    init: { status?: number; statusText?: string; headers?: HeadersInit; url?: string } = {},
  ) {
    this.content = body ?? '';
    this.status = init.status ?? 200;
    this.statusText = init.statusText ?? '';
    this.headers = new HeadersImpl(init.headers);
    this.url = init.url ?? '';
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  private take(): string {
    if (this.bodyUsed) throw new TypeError('Body has already been used');
    this.bodyUsed = true;
    return this.content;
  }
  async text(): Promise<string> {
    return this.take();
  }
  async json(): Promise<unknown> {
    return parseJson(this.take());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoderImpl().encode(this.take()).buffer as ArrayBuffer;
  }
  clone(): ResponseImpl {
    return new ResponseImpl(this.content, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      url: this.url,
    });
  }
  static json(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): ResponseImpl {
    const headers = new HeadersImpl(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new ResponseImpl(stringify(data), { ...init, headers });
  }
}

/** The runtime performs the request: declared hosts only, through its SSRF guard, no redirects. */
async function fetchImpl(
  input: string | URLImpl | RequestImpl,
  init?: { method?: string; headers?: HeadersInit; body?: Body },
) {
  const request = new RequestImpl(input, init);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const raw = await host.fetch(
    stringify({
      url: request.url,
      method: request.method,
      headers,
      ...(request.body !== undefined && { body: request.body }),
    }),
  );
  const reply = parseJson(raw) as
    | { status: number; headers: Record<string, string>; body: string }
    | { error: string };
  if ('error' in reply) throw new TypeError(`fetch failed: ${reply.error}`);
  const empty = reply.status === 204 || reply.status === 304 || request.method === 'HEAD';
  return new ResponseImpl(empty ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
    url: request.url,
  });
}

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
