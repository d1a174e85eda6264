import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { AppDeps } from '../deps.js';
import { authenticate } from './auth.js';
import type { AppEnv } from './context.js';
import { requestDeadline, serviceUnavailable } from './deadline.js';
import { editorRoutes } from './editor.js';
import { docsPage } from './openapi/docsPage.js';
import { buildOpenApi } from './openapi/document.js';
import type { RouteDoc } from './openapi/routeDoc.js';
import { HttpProblem, problemResponse } from './problem.js';
import { requestMetrics } from './requestMetrics.js';
import { authoringDocs, authoringRoutes } from './routes/authoring.js';
import { channelDocs, channelRoutes } from './routes/channels.js';
import { executionDocs, executionRoutes } from './routes/execution.js';
import { publicDocs, publicRoutes } from './routes/public.js';
import { systemDocs, systemRoutes } from './routes/system.js';

/** Largest request body accepted (a 2,000-node graph is well under 2 MB). validateGraph's LIMITS guard the rest. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Documentation of every route for /openapi.json. To document routes of your own, export a
 * `RouteDoc[]` next to them (see routes/workflows.ts) and add it to `authoringDocs`,
 * `executionDocs` or the list below; routes without docs still appear, marked "Undocumented".
 */
const ROUTE_DOCS: RouteDoc[] = [
  ...systemDocs,
  ...authoringDocs,
  ...executionDocs,
  ...channelDocs,
  ...publicDocs,
];

/** The whole HTTP API as a Hono app: tests call `app.request(...)`, the server serves it. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestMetrics);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '*',
    requestDeadline(deps.config.REQUEST_TIMEOUT_MS, (path) =>
      deps.logger.warn({ path }, 'request deadline passed; answered 503'),
    ),
  );
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error);
    if (isDatabaseUnavailable(error)) {
      deps.logger.warn({ err: error, path: c.req.path }, 'database unavailable');
      return problemResponse(c, serviceUnavailable('The database is unavailable; retry shortly'));
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
  app.route('/', publicRoutes());
  const v1 = new Hono<AppEnv>();
  v1.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpProblem(
          413,
          'Content Too Large',
          `The request body is larger than ${MAX_BODY_BYTES} bytes`,
        );
      },
    }),
  );
  v1.use('*', authenticate);
  authoringRoutes(v1);
  executionRoutes(v1);
  channelRoutes(v1);
  app.route('/v1', v1);

  // Built on first request, once every route (including the fallbacks below) is registered.
  let openApi: unknown;
  app.get('/openapi.json', (c) => {
    openApi ??= buildOpenApi(app.routes, ROUTE_DOCS);
    return c.json(openApi);
  });
  app.get('/docs', (c) => c.html(docsPage));
  app.route('/', editorRoutes(deps.config.EDITOR_DIST));
  return app;
}
