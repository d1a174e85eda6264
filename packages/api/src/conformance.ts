import { ProblemDetails } from './problem.js';
import type { RouteContract } from './route.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Where two JSON values first differ (`items[2].createdAt`), or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return path || '(body)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const at = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) return at;
    const difference = firstDifference(a[key], b[key], at);
    if (difference) return difference;
  }
  return null;
}

const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/**
 * Why an answer does not keep the route's contract, or null when it does. A JSON body must be
 * declared for its status and parse with that schema into itself, so a key the schema does not
 * declare (zod would drop it) is a mismatch as much as a wrong type; an error must be a problem
 * (RFC 9457); any other body must be a media type the status declares.
 *
 * @example
 * responseMismatch(healthz, 200, 'application/json', { ok: true, extra: 1 }); // 'extra: not in the schema'
 */
export function responseMismatch(
  route: RouteContract | undefined,
  status: number,
  contentType: string | null,
  body: unknown,
): string | null {
  const media = contentType ? mediaType(contentType) : null;
  if (media === 'application/problem+json') {
    const parsed = ProblemDetails.safeParse(body);
    if (!parsed.success) return `not a problem: ${parsed.error.issues[0]?.message}`;
    return parsed.data.status === status
      ? null
      : `problem status ${parsed.data.status} on a ${status} answer`;
  }
  if (!route || media === null) return null;
  const spec = route.responses[status];
  if (media === 'application/json') {
    if (!spec?.schema) return `status ${status} with a JSON body is not declared`;
    const parsed = spec.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `${issue?.path.join('.') || '(body)'}: ${issue?.message}`;
    }
    const difference = firstDifference(body, parsed.data);
    return difference ? `${difference}: not in the schema (or changed by it)` : null;
  }
  if (status >= 400) return null;
  return spec?.media?.includes(media) ? null : `status ${status} with ${media} is not declared`;
}
