import type { Context } from 'hono';
import { badRequest, notFound } from './problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid path parameter. Anything that is not a uuid cannot name a row, so it answers the same
 * 404 as an unknown (or another workspace's) id instead of reaching Postgres as a type error.
 *
 * @example
 * ```ts
 * const id = uuidParam(c, 'id', 'Workflow');
 * ```
 */
export function uuidParam(c: Context, name: string, what: string): string {
  const value = c.req.param(name) ?? '';
  if (!UUID.test(value)) throw notFound(`${what} ${JSON.stringify(value.slice(0, 80))}`);
  return value.toLowerCase();
}

/** A positive integer path parameter such as a version number: 400 naming it otherwise. */
export function intParam(c: Context, name: string): number {
  const value = c.req.param(name) ?? '';
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value) || n < 1) {
    throw badRequest(`${name} must be a positive integer, got ${JSON.stringify(value.slice(0, 80))}`, [
      { path: name, message: 'must be a positive integer' },
    ]);
  }
  return n;
}
