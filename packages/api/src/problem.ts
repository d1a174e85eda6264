import { z } from 'zod';

/**
 * One thing wrong, with where: a graph problem (`nodes[3].config.timeout`, with the node), a
 * template problem (with line and column) or a field of the request (`batch[12].contactId`).
 * The same object goes into a 422 response and onto the canvas.
 */
export const Problem = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  path: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Problems = z.array(Problem);

/** A problem as an error response lists it: only `path` and `message` are always there. */
export const ProblemItem = Problem.partial().extend({ path: z.string(), message: z.string() });
export type ProblemItem = z.infer<typeof ProblemItem>;

/**
 * RFC 9457 problem details, the body of every error (`application/problem+json`). `problems`
 * names the fields, nodes or parameters at fault; some errors add members (e.g. `currentRevision`
 * of a stale draft, `usedBy` of a segment in use).
 */
export const ProblemDetails = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  problems: z.array(ProblemItem).optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;
