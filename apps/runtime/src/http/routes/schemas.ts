import { z } from 'zod';

/** A display name: trimmed, 1–200 characters. */
export const Name = z.string().trim().min(1, 'must not be empty').max(200);

/**
 * A graph document in a request body. Only presence is checked here: validateGraph reports
 * everything else with node-level paths. /openapi.json points it at the Graph schema.
 */
export const GraphDocument = z
  .unknown()
  .refine((value) => value !== undefined, 'graph is required')
  .meta({ description: 'A journey graph (see GET /v1/graph-schema)' });

/** A problem as it appears in responses and on the canvas. */
export const ProblemSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  path: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  message: z.string(),
});

export const Problems = z.array(ProblemSchema);
