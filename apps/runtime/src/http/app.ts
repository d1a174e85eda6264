import { Hono } from 'hono';
import { authenticate } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { HttpProblem, isDatabaseUnavailable, problemResponse } from './problem.js';
import { authoringRoutes } from './routes/authoring.js';
import { executionRoutes } from './routes/execution.js';
import { systemRoutes } from './routes/system.js';

/** The whole HTTP API as a Hono app: tests call `app.request(...)`, the server serves it. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error);
    if (isDatabaseUnavailable(error)) {
      deps.logger.warn({ err: error, path: c.req.path }, 'database unavailable');
      return problemResponse(
        c,
        new HttpProblem(503, 'Service Unavailable', 'The database is unavailable; retry shortly', undefined, {
          'retry-after': '2',
        }),
      );
    }
    deps.logger.error({ err: error, path: c.req.path, method: c.req.method }, 'unhandled error');
    return problemResponse(
      c,
      new HttpProblem(500, 'Internal Server Error', 'Something went wrong on our side'),
    );
  });
  app.notFound((c) =>
    problemResponse(c, new HttpProblem(404, 'Not Found', `No route for ${c.req.method} ${c.req.path}`)),
  );

  app.route('/', systemRoutes());
  const v1 = new Hono<AppEnv>();
  v1.use('*', authenticate);
  authoringRoutes(v1);
  executionRoutes(v1);
  app.route('/v1', v1);
  return app;
}
