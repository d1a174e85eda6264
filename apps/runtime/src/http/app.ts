import { docs, openApiDocument, openApiJson, ROUTES } from '@crossroads/api';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { AppDeps } from '../deps.js';
import { type Admission, createApiAdmission } from './admission.js';
import { authenticate } from './auth.js';
import type { AppEnv } from './context.js';
import { requestDeadline, serviceUnavailable } from './deadline.js';
import { docsPage } from './docsPage.js';
import { editorRoutes } from './editor.js';
import { guardRequest } from './input.js';
import { HttpProblem, problemResponse } from './problem.js';
import { requestMetrics } from './requestMetrics.js';
import { authoringRoutes } from './routes/authoring.js';
import { channelRoutes } from './routes/channels.js';
import { executionRoutes } from './routes/execution.js';
import { publicRoutes } from './routes/public.js';
import { systemRoutes } from './routes/system.js';
import { serve } from './serve.js';
import { isFileUpload } from './uploads.js';

/** Largest request body accepted (a 2,000-node graph is well under 2 MB). validateGraph's LIMITS guard the rest. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * The whole HTTP API as a Hono app: tests call `app.request(...)`, the server serves it. Every
 * route is a contract of @crossroads/api served by `serve` (routes/*.ts); /openapi.json is
 * generated from the same contracts.
 */
export function createApp(
  deps: AppDeps,
  admission: Admission = createApiAdmission(deps.config),
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestMetrics);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  const deadline = requestDeadline(deps.config.REQUEST_TIMEOUT_MS, (path) =>
    deps.logger.warn({ path }, 'request deadline passed; answered 503'),
  );
  app.use('*', (c, next) => (isFileUpload(c) ? next() : deadline(c, next)));
  // After the deadline, so a request answered by it still counts until its handler has finished.
  // A file upload streams to storage for as long as it takes (the import job works its rows), so
  // it is neither timed nor weighed by its size here.
  app.use('*', (c, next) => (isFileUpload(c) ? next() : admission.process(c, next)));
  app.use('*', guardRequest);
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
  const tooLarge = () => {
    throw new HttpProblem(
      413,
      'Content Too Large',
      `The request body is larger than ${MAX_BODY_BYTES} bytes`,
    );
  };
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // Hono's bodyLimit reads `c.req.raw.body`, which makes the Node adaptor build a full web Request
  // (AbortController, stream) for every request, GETs too; a declared length needs only its header.
  const limit: MiddlewareHandler<AppEnv> = (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number(length) > MAX_BODY_BYTES ? tooLarge() : next();
    // A GET has no body to read (asking for it would build the Request this avoids).
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : streamedLimit(c, next);
  };
  app.use(
    '/v1/*',
    (c, next) => (isFileUpload(c) ? next() : limit(c, next)),
    authenticate,
    (c, next) => (isFileUpload(c) ? next() : admission.workspace(c, next)),
  );
  const v1 = new Hono<AppEnv>();
  authoringRoutes(v1);
  executionRoutes(v1);
  channelRoutes(v1);
  app.route('/', v1);

  let openApi: Record<string, unknown> | undefined;
  serve(app, openApiJson, (c) => {
    openApi ??= openApiDocument(ROUTES);
    return c.json(openApi, 200);
  });
  serve(app, docs, (c) => c.html(docsPage));
  app.route('/', editorRoutes(deps.config.EDITOR_DIST));
  return app;
}
