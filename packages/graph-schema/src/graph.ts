import { z } from 'zod';

/** The graph format this build writes. Older graphs are brought forward by `migrateGraph`. */
export const CURRENT_SCHEMA_VERSION = 1;

/** Hard limits that keep hostile input from exhausting a server. */
export const LIMITS = {
  maxNodes: 2000,
  maxEdges: 8000,
  maxLogicDepth: 32,
  /** Total number of operators + values in one JSONLogic rule. */
  maxLogicSize: 5000,
  maxStringLength: 100_000,
  maxIdLength: 128,
  /** Deepest nesting of objects/arrays anywhere in a graph document. */
  maxJsonDepth: 64,
  /** Total number of JSON values (objects, arrays, keys' values, primitives) in a graph document. */
  maxJsonValues: 500_000,
} as const;

/** A JSONLogic rule, kept as plain JSON; `validateLogic` checks it. Forms edit it with the rule editor. */
export const LogicRule = z
  .unknown()
  .meta({ description: 'A JSONLogic rule (https://jsonlogic.com)', 'x-editor': 'rule' });
export type LogicRule = unknown;

const Id = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, and _ . : -');

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

export const GraphNode = z.object({
  id: Id.describe('Unique within the graph; referenced by edges and traces'),
  type: z
    .string()
    .min(1)
    .max(200)
    .describe('Node type, e.g. "wait" or a pack type such as "acme-crm/lookup"'),
  version: z.number().int().positive().describe('Version of the node type the config was written for'),
  position: Position.describe('Canvas position (layout only: does not change behaviour)'),
  config: z
    .record(z.string(), z.unknown())
    .describe("Node configuration, checked against the node type's schema"),
  label: z.string().max(200).optional(),
  owner: z.string().max(200).optional().describe('Who is responsible for this step'),
  notes: z.string().max(10_000).optional(),
});
export type GraphNode = z.infer<typeof GraphNode>;

export const GraphEdge = z.object({
  id: Id,
  source: Id.describe('Id of the node the edge leaves'),
  sourceHandle: z.string().min(1).max(LIMITS.maxIdLength).describe('Which output of the source node'),
  target: Id.describe('Id of the node the edge enters'),
});
export type GraphEdge = z.infer<typeof GraphEdge>;

export const ReentryPolicy = z
  .enum(['once', 'after-exit', 'always'])
  .describe('once: a contact enters at most once; after-exit: again after leaving; always: every trigger');
export type ReentryPolicy = z.infer<typeof ReentryPolicy>;

export const FrequencyCap = z.object({
  maxSends: z.number().int().positive().describe('Marketing emails allowed per contact in the window'),
  window: z.string().meta({ description: 'ISO-8601 duration, e.g. P7D', 'x-editor': 'duration' }),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const GraphSettings = z.object({
  reentry: ReentryPolicy.default('once'),
  goal: z
    .object({
      event: z.string().min(1).max(200).meta({
        description: 'Event type that may count as conversion, e.g. "purchase"',
        'x-editor': 'event-type',
      }),
      where: LogicRule.optional().describe('Optional JSONLogic over {contact, event, journey}'),
    })
    .optional()
    .describe('Ends the journey as converted when a matching event arrives'),
  exits: z
    .array(
      z.object({
        label: z.string().min(1).max(200).describe('Shown in the trace and the report, e.g. Bought already'),
        event: z.string().min(1).max(200).meta({
          description:
            "Event type that ends the enrollment, e.g. 'subscription.cancelled' or 'segment.exited'",
          'x-editor': 'event-type',
        }),
        where: LogicRule.optional().describe('Optional JSONLogic over {contact, event, journey}'),
      }),
    )
    .max(20)
    .optional()
    .describe('Besides the goal, end the enrollment (as exited) when one of these events arrives'),
  timezone: z.string().default('UTC').meta({
    description: "IANA time zone used when a contact has none, e.g. 'Europe/Berlin'",
    'x-editor': 'timezone',
  }),
  frequencyCap: FrequencyCap.optional().describe("Overrides the workspace's frequency cap for this journey"),
});
export type GraphSettings = z.infer<typeof GraphSettings>;

/** Packs (name → semver range or version) whose nodes the graph uses; built-ins need no entry. */
export const GraphPacks = z.record(z.string(), z.string());

export const Graph = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).optional(),
  nodes: z.array(GraphNode).max(LIMITS.maxNodes),
  edges: z.array(GraphEdge).max(LIMITS.maxEdges),
  settings: GraphSettings,
  packs: GraphPacks.optional(),
});
export type Graph = z.infer<typeof Graph>;
/** What a user may write: defaults (e.g. settings.reentry) filled in on parse. */
export type GraphInput = z.input<typeof Graph>;
