import { NOT_FOUND, unstorable } from '@crossroads/api';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import type { AppEnv } from './context.js';
import { badRequest, fromZodError, notFound } from './problem.js';

/**
 * Reading a request at the one boundary every route goes through: path parameters, query
 * parameters and the JSON body, each checked against the route's schema (400 naming the field),
 * after a last-resort check that no string Postgres cannot store gets in.
 */

/** Deepest nesting accepted in any request body (a graph allows 64 levels below `graph`). */
export const MAX_BODY_DEPTH = 100;
/** Longest path or query value accepted; the route's own schema is usually stricter. */
export const MAX_PARAM_LENGTH = 4096;
const MAX_HEADER_LENGTH = 16 * 1024;

function refuseUnstorable(where: string, path: string, text: string, max: number): void {
  const why = text.length > max ? `is longer than ${max} characters` : unstorable(text);
  if (why) throw badRequest(`${where}${path}: ${why}`, [{ path, message: why }]);
}

/** The last resort for what no route schema sees: header values (NUL, lone surrogates, length). */
export const guardRequest = createMiddleware<AppEnv>(async (c, next) => {
  for (const [name, value] of c.req.raw.headers) refuseUnstorable('Header ', name, value, MAX_HEADER_LENGTH);
  await next();
});

/**
 * Refuses bodies nested deeper than MAX_BODY_DEPTH before anything recursive (zod, JSON.stringify,
 * Postgres' jsonb parser) sees them: those would overflow a stack and answer 500. Also refuses
 * NUL characters and lone UTF-16 surrogates (e.g. "\ud800") anywhere, which Postgres cannot store.
 */
function checkShape(value: unknown): void {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length > 0) {
    const [current, depth, path] = stack.pop() as [unknown, number, string];
    if (typeof current === 'string') {
      refuseStored(path, current);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw badRequest(`The request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      refuseStored(childPath, key);
      stack.push([child, depth + 1, childPath]);
    }
  }
}

function refuseStored(path: string, text: string): void {
  const why = unstorable(text);
  if (!why) return;
  const where = path || 'body';
  throw badRequest(`${where}: ${why}, which cannot be stored`, [{ path: where, message: why }]);
}

/** The body parsed as JSON (undefined when empty), as its text too; 400 when it is not JSON. */
export async function parseJson(c: Context): Promise<{ text: string; raw: unknown }> {
  const text = await c.req.text();
  if (text.trim() === '') return { text, raw: undefined };
  try {
    return { text, raw: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw badRequest(`The request body is not valid JSON${reason}`);
  }
}

/**
 * The JSON body, or undefined when the request has none. 400 when it is not JSON, too deep, or
 * when any string in it cannot be stored.
 */
export async function readJson(c: Context): Promise<unknown> {
  const { raw } = await parseJson(c);
  checkShape(raw);
  return raw;
}

/**
 * Parses a JSON body with a zod schema, turning every failure into a 400 naming the field.
 * A missing body parses as `{}` so that a schema with only optional fields accepts it.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const raw = (await readJson(c)) ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * Path parameters by the route's schema. A parameter marked NOT_FOUND (an id) that does not
 * parse cannot name a row: it answers the same 404 as an unknown (or another workspace's) id.
 */
export function readParams(c: Context, schema: z.ZodObject | undefined): unknown {
  const raw = c.req.param() as Record<string, string>;
  for (const [name, value] of Object.entries(raw)) refuseUnstorable('', name, value, MAX_PARAM_LENGTH);
  if (!schema) return {};
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const name = String(parsed.error.issues[0]?.path[0] ?? '');
  const what = (schema.shape[name] as z.ZodType | undefined)?.meta()?.[NOT_FOUND];
  if (typeof what === 'string') throw notFound(`${what} ${JSON.stringify((raw[name] ?? '').slice(0, 80))}`);
  throw fromZodError(parsed.error);
}

/** Query parameters by the route's schema (numbers come as text: use z.coerce): 400 naming the parameter. */
export function readQuery(c: Context, schema: z.ZodObject | undefined): unknown {
  const raw = c.req.query();
  for (const [name, value] of Object.entries(raw)) {
    refuseUnstorable('Query parameter ', name, name, MAX_PARAM_LENGTH);
    refuseUnstorable('Query parameter ', name, value, MAX_PARAM_LENGTH);
  }
  if (!schema) return {};
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problem = fromZodError(parsed.error);
  const first = problem.problems?.[0];
  throw badRequest(
    first ? `Query parameter ${first.path}: ${first.message}` : 'Invalid query parameters',
    problem.problems,
  );
}
