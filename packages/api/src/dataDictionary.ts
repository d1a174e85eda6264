import { z } from 'zod';
import { defineRoute } from './route.js';

/** The attribute and property names seen in a workspace: what gate rules can read. */
export const DataDictionary = z.object({
  contact: z
    .array(z.object({ key: z.string(), seen: z.number().int() }))
    .describe('Contact attribute names, most common first'),
  events: z
    .array(z.object({ type: z.string(), seen: z.number().int(), properties: z.array(z.string()) }))
    .describe('Event types with the property names seen on them'),
  paths: z.array(z.string()).describe('Every `var` path the above implies (`contact.lead_score`, …)'),
});
export type DataDictionary = z.infer<typeof DataDictionary>;

export const dataDictionary = defineRoute({
  method: 'get',
  path: '/v1/data-dictionary',
  tag: 'Execution',
  summary: 'Contact attributes and event properties seen in the workspace, and the var paths they give',
  access: 'workflow:read',
  responses: { 200: { description: 'Names seen, for rule completion', schema: DataDictionary } },
});

export const dataDictionaryRoutes = [dataDictionary] as const;
