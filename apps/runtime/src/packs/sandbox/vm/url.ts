// Runs INSIDE the QuickJS VM, before pack code (see webApis.ts): URL and URLSearchParams.
import { host } from './host.js';

const stringify = JSON.stringify;
const parseJson = JSON.parse;

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

export class URLSearchParamsImpl {
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

export class URLImpl {
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
