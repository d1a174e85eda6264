import type { z } from 'zod';
import type { Permission } from '../../access/permissions.js';

/**
 * What /openapi.json says about one route. Route files export a list of these next to the
 * handlers and reuse the same zod schemas they validate with, so the document cannot drift from
 * what the handlers accept.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path, e.g. `/v1/workflows/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Who may call it: a permission, 'instance-admin', 'any-key', or 'public' (no key). */
  access: Permission | 'instance-admin' | 'any-key' | 'public';
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status → description, with an optional response schema. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}
