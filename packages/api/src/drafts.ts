import { z } from 'zod';
import { Instant, pathUuid, SafeString, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

/**
 * Working on one draft together: who else has it open (presence), whose save a conflict is with,
 * and whose change a "keep mine" replaced. The save itself is `saveDraft` (workflows.ts).
 */

/** An editor tab: a random id it makes when it opens a draft. */
export const SessionId = SafeString.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -');

/** A change to a draft as the API keys' audit names it: whose key, when. */
export const Author = z.object({
  name: z.string().describe("The saving API key's name"),
  keyId: Uuid.nullable(),
  at: Instant,
});
export type Author = z.infer<typeof Author>;

export const ItemKind = z.enum(['graph', 'setting', 'pack', 'node', 'position', 'edge']);

/** One item (a step, what an output leads to, a setting…) as a merge names it. */
const Item = {
  key: SafeString.max(400).describe("The item's key, e.g. `node:send-1`: what `keep` names"),
  kind: ItemKind,
  id: z.string().describe('Step id, setting or field name, or (edges) the step the output leaves'),
  output: z.string().optional().describe('For edges: the output'),
  label: z.string().describe('The item in words, e.g. "\'Send welcome\'"'),
};

/** An item both the saved draft and the edit being saved changed differently (409 `conflicts`). */
export const DraftConflict = z.object({
  ...Item,
  reason: z.enum(['both-changed', 'deleted-and-changed', 'deleted-and-connected']),
  base: z.unknown().optional().describe('The item where both edits started (absent: did not exist)'),
  theirs: z.unknown().optional().describe('The item in the saved draft (absent: deleted)'),
  mine: z.unknown().optional().describe('The item in the edit being saved (absent: deleted)'),
  theirsBy: Author.nullable().describe('Who saved their version, when'),
});
export type DraftConflict = z.infer<typeof DraftConflict>;

/** Your change that someone else's save replaced on purpose ("keep mine"). */
export const ReplacedEdit = z.object({
  ...Item,
  revision: z.number().int().describe('The draft revision that replaced it'),
  by: Author,
  yours: z.unknown().optional().describe('Your version of the item, to reapply (absent: you had deleted it)'),
});
export type ReplacedEdit = z.infer<typeof ReplacedEdit>;

export const Presence = z.object({
  session: z.string(),
  name: z.string().describe("The API key's name"),
  keyId: Uuid,
  role: z.string(),
  canEdit: z.boolean(),
  /** Steps the person has selected, by id. */
  editing: z.array(z.string()),
  since: Instant,
  seenAt: Instant,
});
export type Presence = z.infer<typeof Presence>;

export const Heartbeat = z.object({
  session: SessionId,
  revision: z
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .describe('The draft revision up to which this tab has heard: its changes replaced later are reported'),
  editing: z
    .array(SafeString.max(128))
    .max(50)
    .default([])
    .describe('Ids of the steps this tab has selected'),
});

export const DraftPresence = z.object({
  draftRevision: z.number().int(),
  savedBy: Author.nullable().describe('Who saved the current revision, when (null: not known)'),
  present: z.array(Presence).describe('Other tabs on this draft in the last 45 seconds, this one left out'),
  replaced: z.array(ReplacedEdit).describe("This tab's changes replaced in revisions after `revision`"),
});
export type DraftPresence = z.infer<typeof DraftPresence>;

const tag = 'Workflows';
const access = 'workflow:read';
const params = z.object({ id: pathUuid('Workflow') });

export const heartbeatPresence = defineRoute({
  method: 'put',
  path: '/v1/workflows/{id}/presence',
  tag,
  summary: 'Say this tab has the draft open; learn who else does and what changed',
  description:
    'Editors call it every few seconds. The answer names the current draft revision and its author, the other tabs on the draft, and any change of this tab that a later save replaced by choice.',
  access,
  params,
  body: Heartbeat,
  responses: { 200: { description: 'Who is here, and the draft revision', schema: DraftPresence } },
});

export const leavePresence = defineRoute({
  method: 'delete',
  path: '/v1/workflows/{id}/presence/{session}',
  tag,
  summary: 'Say this tab closed the draft',
  access,
  params: params.extend({ session: SessionId }),
  responses: {
    200: {
      description: 'Left (false: this key had no such tab here)',
      schema: z.object({ left: z.boolean() }),
    },
  },
});

export const draftRoutes = [heartbeatPresence, leavePresence] as const;
