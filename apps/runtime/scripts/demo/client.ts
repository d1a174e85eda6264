/** A tiny JSON client for the demo: bearer key, loopback only, errors with the server's detail. */
export interface DemoClient {
  url: string;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** GET an absolute URL on the runtime (tracking pixels and links), following nothing. */
  visit(url: string): Promise<number>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Refuses anything but a loopback runtime: the demo fakes traffic and must never hit a real one. */
export function assertLoopback(url: string): URL {
  const parsed = new URL(url);
  if (!LOOPBACK.has(parsed.hostname)) {
    throw new Error(
      `--url ${url}: the demo only plays traffic against a runtime on this machine (127.0.0.1)`,
    );
  }
  return parsed;
}

export function createDemoClient(url: string, key: string): DemoClient {
  const base = assertLoopback(url).origin;
  return {
    url: base,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) {
        let detail = text.slice(0, 300);
        try {
          const problem = JSON.parse(text) as { detail?: string; title?: string };
          detail = problem.detail ?? problem.title ?? detail;
        } catch {}
        throw new Error(`${method} ${path} → ${res.status}: ${detail}`);
      }
      return (text ? JSON.parse(text) : null) as T;
    },
    async visit(target: string) {
      const parsed = new URL(target);
      if (!LOOPBACK.has(parsed.hostname)) return 0;
      const res = await fetch(parsed, { redirect: 'manual' });
      await res.arrayBuffer();
      return res.status;
    },
  };
}
