import type { ProblemDetails, ProblemItem } from '@crossroads/api';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** RFC 9457 problem details. `problems` carries graph problems or field errors with their paths. */
export type ProblemBody = ProblemDetails & { problems?: ProblemItem[] };

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

export const conflict = (detail: string, problems?: ProblemBody['problems']) =>
  new HttpProblem(409, 'Conflict', detail, problems);
export const unprocessable = (detail: string, problems?: ProblemBody['problems']) =>
  new HttpProblem(422, 'Unprocessable Content', detail, problems);

/** A problem's fields; an HttpProblem is one (admission's early refusal builds one without the Error). */
export type ProblemFields = Pick<HttpProblem, 'status' | 'title' | 'message' | 'problems' | 'extensions'>;

/** The problem+json body of a problem answered for the path `instance`. */
export function problemBody(problem: ProblemFields, instance: string): ProblemBody {
  return {
    ...problem.extensions,
    type: `https://crossroads.dev/problems/${problem.status}`,
    title: problem.title,
    status: problem.status,
    detail: problem.message,
    instance,
    ...(problem.problems ? { problems: problem.problems } : {}),
  };
}

export function problemResponse(c: Context, problem: HttpProblem): Response {
  for (const [name, value] of Object.entries(problem.headers ?? {})) c.header(name, value);
  return c.body(JSON.stringify(problemBody(problem, c.req.path)), problem.status, {
    'content-type': 'application/problem+json',
  });
}
