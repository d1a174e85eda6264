import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { HttpProblem } from './problem.js';

/** Seconds a client is asked to wait (Retry-After) when the server cannot answer now. */
export const RETRY_AFTER_SECONDS = 2;

/** 503 with Retry-After: the server's trouble (database restarting, request too slow), not the caller's. */
export function serviceUnavailable(detail: string): HttpProblem {
  return new HttpProblem(503, 'Service Unavailable', detail, undefined, {
    'retry-after': String(RETRY_AFTER_SECONDS),
  });
}

/**
 * Answers 503 problem+json with Retry-After when a request has not finished within `ms`, so a
 * client always gets an answer, even when a database call never settles (e.g. the server vanished
 * mid-query). The handler is not cancelled: work it commits later stands, as after any timeout,
 * which is why writes are idempotent by id where it matters (events) and clients may retry.
 *
 * @example
 * app.use('*', requestDeadline(8000, (path) => logger.warn({ path }, 'request deadline passed')));
 */
export function requestDeadline(ms: number, onExpired?: (path: string) => void): MiddlewareHandler<AppEnv> {
  // hono/timeout does the same race but only throws HTTPException, which onError would answer 500.
  return async (c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onExpired?.(c.req.path);
        reject(serviceUnavailable(`The request did not finish within ${ms / 1000} s; retry shortly`));
      }, ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
