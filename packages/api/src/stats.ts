import { z } from 'zod';
import { defineRoute } from './route.js';
import { WorkflowParams } from './workflows.js';

const Counts = z.record(z.string(), z.number().int());

export const NodeStats = z.object({
  nodeId: z.string(),
  nodeType: z.string().nullable(),
  entered: z
    .number()
    .int()
    .describe('Contacts that reached the node (resumes of a wait are not counted again)'),
  waiting: z.number().int().describe('Parked on the node now'),
  ended: z.object({ completed: z.number().int(), exited: z.number().int(), failed: z.number().int() }),
  outputs: Counts.describe('Contacts that left the node through each output'),
  conversions: z.number().int().describe('Goal conversions of contacts parked on this node'),
  emails: Counts.describe('Ledger effects of this node by delivery state, e.g. { sent: 10, ambiguous: 1 }'),
  handoffs: Counts,
  engagement: z
    .object({
      sent: z.number().int(),
      delivered: z.number().int(),
      opened: z.number().int(),
      clicked: z.number().int(),
      replied: z.number().int(),
      unsubscribed: z.number().int(),
      conversions: z.number().int(),
    })
    .optional()
    .describe('Send nodes: emails sent, their unique engagement, and conversions whose last send this was'),
});
export type NodeStats = z.infer<typeof NodeStats>;

export const WorkflowStats = z.object({
  workflowId: z.string(),
  version: z.number().int().nullable(),
  enrollments: Counts.describe('Enrollments by state'),
  handoffs: z.number().int().describe('Handoffs sent'),
  nodes: z.array(NodeStats),
});
export type WorkflowStats = z.infer<typeof WorkflowStats>;

export const workflowStats = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/stats',
  tag: 'Execution',
  summary: 'Per-node counts: entered, waiting, ended, outputs, conversions, emails and handoffs by state',
  access: 'workflow:read',
  params: WorkflowParams,
  query: z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647).optional() }),
  responses: {
    200: { description: 'Counts for one version, or all versions without ?version', schema: WorkflowStats },
  },
});

export const statsRoutes = [workflowStats] as const;
