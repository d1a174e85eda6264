import { z } from 'zod';
import { Instant } from './primitives.js';
import { defineRoute } from './route.js';

/** What kind of value a field holds, inferred from the values seen (the majority wins). */
export const FieldType = z.enum(['number', 'text', 'boolean', 'date', 'list', 'object']);
export type FieldType = z.infer<typeof FieldType>;

/** One field a rule can read, with the type of the values seen in it. */
export const DictionaryField = z.object({
  path: z.string().describe('The `var` path, e.g. `contact.lead_score`'),
  type: FieldType,
  source: z.enum(['contact', 'event', 'engagement', 'journey']),
  seen: z.number().int().describe('How many sampled records had it (0 for fields that always exist)'),
  values: z
    .array(z.string())
    .optional()
    .describe('The few text values seen, most common first, when there are few of them (an enumeration)'),
  description: z.string().optional(),
  eventTypes: z.array(z.string()).optional().describe('Event properties: the event types that carry it'),
});
export type DictionaryField = z.infer<typeof DictionaryField>;

/** The attribute and property names seen in a workspace: what gate rules can read. */
export const DataDictionary = z.object({
  contact: z
    .array(z.object({ key: z.string(), seen: z.number().int(), type: FieldType }))
    .describe('Contact attribute names, most common first'),
  events: z
    .array(
      z.object({
        type: z.string(),
        seen: z
          .number()
          .int()
          .describe('Events of this type among the newest `countCap` events of the workspace'),
        lastSeen: Instant.nullable().describe('When the newest event of this type happened'),
        properties: z.array(z.string()),
      }),
    )
    .describe('Event types with the property names seen on them, most common first'),
  fields: z
    .array(DictionaryField)
    .describe('Every field rules can read, typed: contact attributes, event properties, engagement, journey'),
  segments: z
    .array(z.object({ name: z.string(), description: z.string() }))
    .describe('Named segments of the workspace'),
  countCap: z
    .number()
    .int()
    .describe('How many of the newest events the counts are taken from (the dictionary is sampled)'),
  paths: z.array(z.string()).describe('Every `var` path the above implies (`contact.lead_score`, …)'),
});
export type DataDictionary = z.infer<typeof DataDictionary>;

export const dataDictionary = defineRoute({
  method: 'get',
  path: '/v1/data-dictionary',
  tag: 'Execution',
  summary:
    'Fields rules can read (contact attributes, event properties, engagement, journey) with their types, the event types seen and the segments',
  access: 'workflow:read',
  responses: { 200: { description: 'Fields and names seen, sampled', schema: DataDictionary } },
});

export const dataDictionaryRoutes = [dataDictionary] as const;
