import { join } from 'node:path';
import { type BenchCluster, startBenchCluster } from '../../bench/harness/cluster.js';
import { BENCH_ADMIN_KEY } from '../../bench/harness/runtimeProcess.js';
import { bootstrap } from '../../src/authoring/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { connect } from '../../src/db/connect.js';
import type { AppDeps } from '../../src/deps.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { loadRegistry } from '../../src/registry.js';

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: scenarios read problem fields and assert on them
  body: any;
  text: string;
}

/** The API as a Hono app in this process (so the fuzz can watch this process' memory and prototypes). */
export interface InProcessApp {
  cluster: BenchCluster;
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  adminKey: string;
  /** Sends a request; a string or bytes body goes as is, anything else as JSON. */
  request(method: string, path: string, body?: unknown, key?: string | null): Promise<Answer>;
  close(): Promise<void>;
}

export async function startInProcessApp(): Promise<InProcessApp> {
  const cluster = await startBenchCluster();
  const sql = connect(cluster.url, { max: 10 });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    CROSSROADS_ALLOW_LOOPBACK_URLS: 'true',
    DATABASE_URL: cluster.url,
  });
  const logger = createLogger('silent');
  const deps: AppDeps = {
    sql,
    config,
    registry: await loadRegistry(config, logger),
    logger,
    databaseUrl: cluster.url,
  };
  await bootstrap(sql, {
    adminKey: BENCH_ADMIN_KEY,
    examplesDir: join(config.repoRoot, 'examples'),
    withExamples: false,
    logger,
  });
  const app = createApp(deps);
  return {
    cluster,
    app,
    deps,
    adminKey: BENCH_ADMIN_KEY,
    async request(method, path, body, key = BENCH_ADMIN_KEY) {
      const raw = typeof body === 'string' || body instanceof Uint8Array;
      const res = await app.request(path, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: raw ? (body as string | Uint8Array) : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async close() {
      await sql.end({ timeout: 2 });
      await cluster.stop();
    },
  };
}

/** An operation of /openapi.json: method, Hono-style path and the access it declares. */
export interface Operation {
  method: string;
  path: string;
  access: string | undefined;
}

/** Every operation the running app documents (the route list is the app's own, not a copy). */
export async function operations(api: InProcessApp): Promise<Operation[]> {
  const doc = await api.request('GET', '/openapi.json', undefined, null);
  if (doc.status !== 200) throw new Error(`GET /openapi.json answered ${doc.status}`);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(
    doc.body.paths as Record<string, Record<string, { 'x-access'?: string }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({
        method: method.toUpperCase(),
        path: path.replace(/\{([^}]+)\}/g, ':$1'),
        access: op['x-access'],
      });
    }
  }
  return out;
}
