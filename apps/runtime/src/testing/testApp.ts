import { join } from 'node:path';
import { findRoute, ROUTES, responseMismatch } from '@crossroads/api';
import type { Hono } from 'hono';
import { bootstrap } from '../authoring/bootstrap.js';
import { loadConfig } from '../config.js';
import type { AppDeps } from '../deps.js';
import { createApp } from '../http/app.js';
import { createLogger } from '../logger.js';
import type { RuntimeRegistry } from '../packs/runtimeRegistry.js';
import { loadRegistry } from '../registry.js';
import { createTestDatabase, type TestDatabase } from './testDatabase.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  db: TestDatabase;
  workspaceId: string;
  /** Instance admin key of the default workspace. */
  adminKey: string;
  /** JSON request helper: `await t.call('POST', '/v1/workflows', body, key)`. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely and assert on them
  call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * Makes `app.request` check every answer against the contract of the route it went to
 * (@crossroads/api): a body its schema does not describe, an undeclared status or an error that
 * is not problem+json throws, so every route test also tests the contract.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's env; only `request` is wrapped
export function withResponseCheck<A extends Hono<any>>(app: A): A {
  const request = app.request.bind(app);
  app.request = async (input, init, ...rest) => {
    const res = await request(input, init, ...rest);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const route = findRoute(ROUTES, method, url.pathname);
    const type = res.headers.get('content-type');
    const text = await res.clone().text();
    let body: unknown = text;
    if (type?.includes('json')) body = JSON.parse(text);
    const mismatch = responseMismatch(route, res.status, type, body);
    if (mismatch) {
      throw new Error(
        `${method} ${url.pathname} answered ${res.status} outside its contract (${route?.path ?? 'no route'}): ${mismatch}\n${text.slice(0, 500)}`,
      );
    }
    return res;
  };
  return app;
}

/** A real app on a fresh real database, with a bootstrapped workspace and admin key. */
export async function createTestApp(
  options: { withExamples?: boolean; registry?: RuntimeRegistry; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', CROSSROADS_ALLOW_LOOPBACK_URLS: 'true', ...options.env });
  const logger = createLogger('silent');
  const deps: AppDeps = {
    sql: db.sql,
    config,
    registry: options.registry ?? (await loadRegistry(config, logger)),
    logger,
    databaseUrl: db.url,
  };
  const boot = await bootstrap(db.sql, {
    examplesDir: join(config.repoRoot, 'examples'),
    withExamples: options.withExamples ?? false,
    logger,
  });
  const app = withResponseCheck(createApp(deps));
  return {
    app,
    deps,
    db,
    workspaceId: boot.workspaceId,
    adminKey: boot.adminKey!,
    async call(method, path, body, key) {
      const res = await app.request(path, {
        method,
        headers: {
          ...(key !== '' ? { authorization: `Bearer ${key ?? boot.adminKey}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, body: parsed };
    },
    close: () => db.drop(),
  };
}
