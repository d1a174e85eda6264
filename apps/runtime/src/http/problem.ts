import type { Problem } from '@crossroads/graph-schema';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** RFC 9457 problem details. `problems` carries graph problems or field errors with their paths. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  problems?: Array<Partial<Problem> & { path: string; message: string }>;
}

/** Throw from routes and services; the app turns it into problem+json. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    detail: string,
    readonly problems?: ProblemBody['problems'],
    readonly headers?: Record<string, string>,
    /** Extra members of the problem object (RFC 9457 extensions), e.g. `currentRevision`. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new HttpProblem(404, 'Not Found', `${what} was not found`);
export const badRequest = (detail: string, problems?: ProblemBody['problems']) =>
  new HttpProblem(400, 'Bad Request', detail, problems);

/** Field errors from a zod parse of a request body, e.g. `graph.nodes[2].id: Required`. */
export function fromZodError(error: z.ZodError, prefix = ''): HttpProblem {
  const problems = error.issues.map((issue) => ({
    code: `invalid.${issue.code}`,
    path: [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
      .filter(Boolean)
      .join('.')
      .replace(/\.\[/g, '['),
    message: issue.message,
  }));
  const first = problems[0];
  const detail = first ? `${first.path || 'body'}: ${first.message}` : 'The request body is invalid';
  return new HttpProblem(400, 'Bad Request', detail, problems);
}

/** Deepest nesting accepted in any request body (a graph allows 64 levels below `graph`). */
export const MAX_BODY_DEPTH = 100;

/**
 * Refuses bodies nested deeper than MAX_BODY_DEPTH before anything recursive (zod, JSON.stringify,
 * Postgres' jsonb parser) sees them: those would overflow a stack and answer 500. Also refuses
 * NUL characters and lone UTF-16 surrogates (e.g. "\ud800"), which Postgres cannot store in jsonb or text.
 */
function checkShape(value: unknown): void {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length > 0) {
    const [current, depth, path] = stack.pop() as [unknown, number, string];
    if (typeof current === 'string') {
      if (unstorable(current)) throw unstorableProblem(path, unstorable(current)!);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw badRequest(`The request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = Array.isArray(current) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (unstorable(key)) throw unstorableProblem(childPath, unstorable(key)!);
      stack.push([child, depth + 1, childPath]);
    }
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why Postgres could not store this string, or null when it can. */
function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (invalid Unicode)';
  return null;
}

function unstorableProblem(path: string, why: string): HttpProblem {
  const where = path || 'body';
  return badRequest(`${where}: ${why}, which cannot be stored`, [{ path: where, message: why }]);
}

/** The JSON body, or undefined when the request has none. 400 when it is not JSON or too deep. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw badRequest(`The request body is not valid JSON${reason}`);
  }
  checkShape(raw);
  return raw;
}

/**
 * Parses a JSON body with a zod schema, turning every failure into a 400 naming the field.
 * A missing body parses as `{}` so that a schema with only optional fields accepts it.
 *
 * @example
 * ```ts
 * const { name } = await readBody(c, z.object({ name: z.string().min(1) }));
 * ```
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const raw = (await readJson(c)) ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * Parses query parameters with a zod schema (use z.coerce for numbers): 400 naming the parameter.
 *
 * @example
 * ```ts
 * const { limit } = readQuery(c, z.object({ limit: z.coerce.number().int().max(1000).default(100) }));
 * ```
 */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) {
    const problem = fromZodError(parsed.error);
    const first = problem.problems?.[0];
    throw badRequest(
      first ? `Query parameter ${first.path}: ${first.message}` : 'Invalid query parameters',
      problem.problems,
    );
  }
  return parsed.data;
}

export const conflict = (detail: string, problems?: ProblemBody['problems']) =>
  new HttpProblem(409, 'Conflict', detail, problems);
export const unprocessable = (detail: string, problems?: ProblemBody['problems']) =>
  new HttpProblem(422, 'Unprocessable Content', detail, problems);

export function problemResponse(c: Context, problem: HttpProblem): Response {
  const body: ProblemBody = {
    ...problem.extensions,
    type: `https://crossroads.dev/problems/${problem.status}`,
    title: problem.title,
    status: problem.status,
    detail: problem.message,
    instance: c.req.path,
    ...(problem.problems ? { problems: problem.problems } : {}),
  };
  for (const [name, value] of Object.entries(problem.headers ?? {})) c.header(name, value);
  return c.body(JSON.stringify(body), problem.status, { 'content-type': 'application/problem+json' });
}
