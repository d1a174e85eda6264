// Runs INSIDE the QuickJS VM, before pack code (see webApis.ts): Headers, Request, Response and fetch.
import { host } from './host.js';

const stringify = JSON.stringify;
const parseJson = JSON.parse;

import { TextEncoderImpl } from './text.js';
import { URLImpl, URLSearchParamsImpl } from './url.js';

type HeadersInit = HeadersImpl | Record<string, string> | Iterable<[string, string]>;

export class HeadersImpl {
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

export class RequestImpl {
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

export class ResponseImpl {
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
export async function fetchImpl(
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
