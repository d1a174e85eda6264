import type { z } from 'zod';
import type { Access } from './access.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One status a route answers with. Errors (4xx/5xx) are problem+json and need no schema. */
export interface ResponseSpec {
  description: string;
  /** The JSON body (application/json). */
  schema?: z.ZodType;
  /** Media types of a body that is not JSON (an image, a page, a CSV export). */
  media?: readonly string[];
}

/**
 * One HTTP route: where it is, who may call it, what it takes and what it answers. The runtime
 * serves it (validating the request with these schemas), /openapi.json is generated from it, and
 * the editor's client is typed from it.
 */
export interface RouteContract {
  method: Method;
  /** OpenAPI form: `/v1/workflows/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A request body that is not JSON (a file, streamed): its media types. The handler reads it itself. */
  upload?: { media: readonly string[]; description: string };
  responses: Readonly<Record<number, ResponseSpec>>;
}

/**
 * Declares a route, keeping its literal method, statuses and schemas for the types below.
 *
 * @example
 * export const getWorkflow = defineRoute({
 *   method: 'get', path: '/v1/workflows/{id}', tag: 'Workflows', access: 'workflow:read',
 *   summary: 'Get a workflow', params: z.object({ id: pathUuid('Workflow') }),
 *   responses: { 200: { description: 'The workflow', schema: WorkflowDetail } },
 * });
 */
export const defineRoute = <const R extends RouteContract>(route: R): R => route;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Sent<S> = S extends z.ZodType ? z.input<S> : undefined;

/** The validated request a handler gets. */
export interface RouteInput<R extends RouteContract> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
}

/** What a client sends (before defaults and transforms). */
export interface RouteRequest<R extends RouteContract> {
  params: Sent<R['params']>;
  query: Sent<R['query']>;
  body: Sent<R['body']>;
}

export type Status<R extends RouteContract> = keyof R['responses'] & number;
export type SuccessStatus<R extends RouteContract> = Extract<Status<R>, 200 | 201 | 202 | 204>;

/** The JSON body a route answers with at `S`. */
export type ResponseBody<R extends RouteContract, S extends Status<R>> = R['responses'][S] extends {
  schema: infer Z extends z.ZodType;
}
  ? z.output<Z>
  : undefined;

/** The body of any successful answer of the route. */
export type SuccessBody<R extends RouteContract> = {
  [S in SuccessStatus<R>]: ResponseBody<R, S>;
}[SuccessStatus<R>];

/**
 * The path with its parameters filled in (URI-encoded).
 *
 * @example
 * pathOf('/v1/workflows/{id}/versions/{version}', { id, version: 2 });
 */
export function pathOf(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}

/** Hono's form of a path: `/v1/workflows/:id`. */
export const routerPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

const matchers = new WeakMap<RouteContract, { pattern: RegExp; fixed: number }>();

function matcherOf(route: RouteContract) {
  let matcher = matchers.get(route);
  if (!matcher) {
    const parts = route.path.split('/');
    const source = parts
      .map((part) => (/^\{.+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    matcher = { pattern: new RegExp(`^${source}$`), fixed: parts.filter((p) => !p.startsWith('{')).length };
    matchers.set(route, matcher);
  }
  return matcher;
}

/**
 * The route a request goes to, as the router picks it (a fixed segment beats a parameter), or
 * undefined when none matches.
 */
export function findRoute<R extends RouteContract>(
  routes: readonly R[],
  method: string,
  path: string,
): R | undefined {
  let best: R | undefined;
  let bestFixed = -1;
  for (const route of routes) {
    if (route.method !== method.toLowerCase()) continue;
    const { pattern, fixed } = matcherOf(route);
    if (pattern.test(path) && fixed > bestFixed) {
      best = route;
      bestFixed = fixed;
    }
  }
  return best;
}
