import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { counter, histogram } from '../metrics.js';
import type { AppEnv } from './context.js';

const requests = counter({
  name: 'crossroads_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
});
const duration = histogram({
  name: 'crossroads_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
});

/**
 * Counts and times every request. Labelled by the route pattern (`/v1/workflows/:id`), never the
 * raw path, so ids do not explode the number of series.
 */
export const requestMetrics = createMiddleware<AppEnv>(async (c, next) => {
  const end = duration.startTimer();
  try {
    await next();
  } finally {
    // routeIndex is left on the handler that answered (or threw).
    const labels = {
      method: c.req.method,
      route: routePath(c) || 'unmatched',
      status: String(c.res.status),
    };
    end(labels);
    requests.inc(labels);
  }
});
