import { join } from 'node:path';
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
  const app = createApp(deps);
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
