import { type RouteContract, type RouteInput, routerPath, type Status } from '@crossroads/api';
import type { Context, Hono, MiddlewareHandler, TypedResponse } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import { requireInstanceAdmin, requirePermission } from './auth.js';
import type { AppEnv } from './context.js';
import { readBody, readParams, readQuery } from './input.js';

type Spec<R extends RouteContract, S extends Status<R>> = R['responses'][S];

/**
 * What a handler may return for one status: `c.json(body, status)` with a body its schema
 * describes, or any Response where the route answers something other than JSON (a page, a CSV).
 * Errors are thrown (HttpProblem), never returned.
 */
type ReplyAt<R extends RouteContract, S extends Status<R>> = S extends 200 | 201 | 202 | 204 | 302
  ? Spec<R, S> extends { media: readonly string[] }
    ? Response
    : Spec<R, S> extends { schema: infer Z extends z.ZodType }
      ? TypedResponse<JSONParsed<z.input<Z>>, S & StatusCode, 'json'>
      : Response
  : never;

export type RouteReply<R extends RouteContract> = { [S in Status<R>]: ReplyAt<R, S> }[Status<R>];

export type RouteHandler<R extends RouteContract> = (
  c: Context<AppEnv>,
  input: RouteInput<R>,
) => RouteReply<R> | Promise<RouteReply<R>>;

export interface ServeOptions {
  /** The handler reads the body itself (events refuse bad events of a batch one by one). */
  ownBody?: boolean;
}

function accessGuard(route: RouteContract): MiddlewareHandler<AppEnv>[] {
  if (route.access === 'public' || route.access === 'any-key') return [];
  if (route.access === 'instance-admin') return [requireInstanceAdmin];
  return [requirePermission(route.access)];
}

/**
 * Serves a route of @crossroads/api: checks who is calling (the key itself is checked for every
 * /v1 path by `authenticate`), then its path parameters, query and body, in that order, each
 * answering 4xx problem+json naming the field; the handler gets them parsed.
 *
 * @example
 * serve(app, getWorkflow, async (c, { params }) => c.json(await load(params.id), 200));
 */
export function serve<R extends RouteContract>(
  app: Hono<AppEnv>,
  route: R,
  handler: RouteHandler<R>,
  options: ServeOptions = {},
): void {
  const on = app.on as (method: string, path: string, ...handlers: MiddlewareHandler<AppEnv>[]) => void;
  on.call(app, route.method.toUpperCase(), routerPath(route.path), ...accessGuard(route), async (c) => {
    const params = readParams(c, route.params);
    const query = readQuery(c, route.query);
    const body = route.body && !options.ownBody ? await readBody(c, route.body) : undefined;
    return (await handler(c, { params, query, body } as RouteInput<R>)) as Response;
  });
}

/**
 * A service result that postgres.js types loosely (rows are `Record<string, any>`, jsonb columns
 * `unknown`), taken as the route's schema describes it: the response check of the route tests
 * (testing/testApp.ts) fails any answer that does not match.
 */
export const described = <T>(value: unknown): T => value as T;
