import { findRoute, ROUTES } from '@crossroads/api';
import type { Context } from 'hono';

const UPLOADS = ROUTES.filter((route) => route.upload);

/**
 * A request that streams a file (a route with an `upload` body, sent as other than JSON): it
 * gets neither the /v1 body limit nor the request deadline, since the file's size and the
 * client's pace decide how long it takes. The route checks its size itself.
 */
export function isFileUpload(c: Context): boolean {
  return isUpload(c.req.method, c.req.path, c.req.header('content-type'));
}

/** The same for a raw request (admission's early check runs before Hono sees it). */
export function isUpload(method: string, path: string, contentType: string | undefined): boolean {
  if (/^\s*application\/json\b/i.test(contentType ?? '')) return false;
  return findRoute(UPLOADS, method, path) !== undefined;
}
