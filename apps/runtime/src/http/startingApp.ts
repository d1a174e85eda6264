import { Hono } from 'hono';
import { serviceUnavailable } from './deadline.js';
import { problemResponse } from './problem.js';

/**
 * What the HTTP server answers while the runtime starts (waiting for the database, migrating):
 * `/healthz` 200 (the process is alive), `/readyz` and everything else 503 problem+json with
 * Retry-After and the reason, e.g. "Waiting for the database (db:5432/crossroads): ECONNREFUSED".
 *
 * @example
 * serve({ fetch: (request) => (app ?? startingApp(() => state.reason)).fetch(request) });
 */
export function startingApp(reason: () => string): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true as const }, 200));
  app.all('*', (c) => problemResponse(c, serviceUnavailable(`The runtime is starting. ${reason()}`)));
  return app;
}
