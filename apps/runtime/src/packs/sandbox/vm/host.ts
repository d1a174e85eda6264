// Runs INSIDE the QuickJS VM. The only functions the runtime puts into a VM; each takes and
// returns strings or numbers. Captured here before any pack code runs, then removed from the
// global object, so pack code reaches them only through the web APIs of `prelude.ts`.

export interface HostFunctions {
  /** A request as JSON → a promise of the reply as JSON. The runtime checks hosts and the SSRF guard. */
  fetch(request: string): Promise<string>;
  log(level: string, message: string): void;
  /** WHATWG URL parsing (Node's): `{ input, base?, set? }` as JSON → the parts as JSON, or throws. */
  url(request: string): string;
  setTimer(id: number, ms: number): void;
  clearTimer(id: number): void;
  /** `n` random bytes from the OS, hex-encoded. */
  random(n: number): string;
  /** Hands the runtime the dispatcher (`dispatch.ts`). */
  ready(dispatcher: object): void;
}

const scope = globalThis as unknown as { __host?: HostFunctions };
export const host = scope.__host as HostFunctions;
delete scope.__host;
