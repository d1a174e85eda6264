import type { LogicRule } from '@crossroads/graph-schema';

/** Why a node decided what it did: stored in the contact's trace for auditors. */
export interface Reason {
  /** One human sentence, e.g. "Branch 'hot lead' matched". */
  summary: string;
  /** Structured detail: the rule, the values it read, the branch taken... */
  details?: Record<string, unknown>;
}

export interface EmailEffect {
  kind: 'email';
  /** Liquid templates rendered by the runtime with { contact, event, journey }. */
  subject: string;
  html?: string;
  text?: string;
  from?: string;
  replyTo?: string;
  /** "You are receiving this because…" line added to the email. */
  reason: string;
  /** Marketing email is subject to caps, quiet hours and stop-marketing; transactional is not. */
  category: 'marketing' | 'transactional';
}

export interface HandoffEffect {
  kind: 'handoff';
  /** Who gets the lead: a fixed owner/team, or a pool the runtime rotates through. */
  assignment: { owner?: string; team?: string } | { roundRobin: string[]; team?: string };
  priority: 'low' | 'normal' | 'high' | 'urgent';
  /** Liquid template for the note the sales rep reads. */
  note: string;
  /** When true, no further marketing email goes to the contact. */
  stopMarketing: boolean;
  /** The data that qualified the lead, e.g. { 'contact.lead_score': 92 }. */
  signals: Record<string, unknown>;
}

/** One attribute an update-contact step changed: its value before and after (null: absent). */
export interface ContactChangeRecord {
  attribute: string;
  op: 'set' | 'copy' | 'increment' | 'unset';
  before: unknown;
  after: unknown;
  /** Increments only: what was added. The runtime adds it to the stored value, so none is lost. */
  by?: number;
  /** A Liquid value the host could not render here (the browser's fallback simulator only). */
  unrendered?: true;
}

/** Attribute changes the runtime writes to the contact (exactly once per step) and may sync to the CRM. */
export interface ContactUpdateEffect {
  kind: 'contact-update';
  changes: ContactChangeRecord[];
  /** Send them to the workspace's CRM endpoint as a `contact.updated` webhook. */
  syncToCrm: boolean;
}

/** Effects a pack node may ask for (issue 7 adds more kinds). */
export type Effect =
  | EmailEffect
  | HandoffEffect
  | ContactUpdateEffect
  | { kind: string; [key: string]: unknown };

/** The outcome of rendering a Liquid template in the host's sandbox. */
export type RenderOutcome = { ok: true; output: string } | { ok: false; error: string };

/**
 * What an executor returns. Executors decide; the runtime acts.
 * - `{ next }`: continue along output `next` now.
 * - `{ next, effect }`: the runtime records the effect in its ledger (exactly once) and continues.
 * - `{ wait: { until }, next }`: park until an instant, then continue along `next`.
 * - `{ waitFor: { event, where?, timeoutAt }, onEvent, onTimeout }`: park until a matching
 *   event (continue along `onEvent`) or the timeout (continue along `onTimeout`).
 * - `{ exit }`: the journey ends here.
 */
export type Decision = (
  | { next: string; effect?: Effect }
  | { wait: { until: string }; next: string }
  | {
      waitFor: { event: string; where?: LogicRule; timeoutAt: string };
      onEvent: string;
      onTimeout: string;
    }
  | { exit: 'completed' | 'filtered' }
) & { reason?: Reason };

/**
 * The output every pack node, send and sales handoff has besides its own: where the contact goes
 * when the step fails (a pack node threw or ran out of its limits after its retries; an email or
 * handoff could not be delivered). Optional: left unconnected, a failed step ends the journey as
 * failed, as it always did.
 */
export const ON_ERROR = 'on-error';
export const ON_ERROR_OUTPUT = { id: ON_ERROR, label: 'On error' } as const;

/**
 * The event the runtime emits when a contact starts matching a workspace segment;
 * `properties.segment` names the segment. Triggers on a segment listen to it.
 */
export const SEGMENT_ENTERED_EVENT = 'segment.entered';

/**
 * The event the runtime stores for each contact a scheduled trigger's run enrols;
 * `properties.slot` names the run (its local wall time) and `properties.segment` the audience.
 */
export const SCHEDULED_RUN_EVENT = 'schedule.run';

/** The event that triggered the journey, or the one being processed. */
export interface JourneyEvent {
  id?: string;
  type: string;
  properties: Record<string, unknown>;
  /** ISO-8601 instant. */
  timestamp: string;
}

export interface ContactData {
  id: string;
  /** Contact attributes are flattened into the contact: `contact.lead_score`. */
  [attribute: string]: unknown;
}

export interface JourneyData {
  workflowId: string;
  version: number;
  enrollmentId: string;
  /** ISO-8601 instant the contact entered. */
  enteredAt: string;
  /** Values nodes may write for later nodes. */
  context: Record<string, unknown>;
}

/** Everything an executor may look at. Plain data: tests pass plain objects. */
export interface ExecuteContext<Config> {
  config: Config;
  contact: ContactData;
  event: JourneyEvent | null;
  journey: JourneyData;
  /** Engagement aggregates (issue 4), e.g. { opens_30d: 3, last_open_at: '...' }. */
  engagement?: Record<string, unknown>;
  /** The current instant (virtual in simulation). */
  now: Date;
  /** Named segments of the workspace: name → JSONLogic rule. */
  segments: Record<string, LogicRule>;
  /** Time zone of the journey settings, used when the contact has none. */
  timezone: string;
  /** The node being run (a split hashes it with the contact). */
  nodeId?: string;
  /** An output a simulation or saved test case pins for this node (a split's arm). */
  pinned?: string;
  /**
   * The host's sandboxed Liquid, synchronous and deterministic (`vars`: contact, event, journey).
   * Absent where the host has none (the editor's fallback simulator): Liquid stays unrendered.
   */
  renderText?(template: string, vars: Record<string, unknown>): RenderOutcome;
}

/** The data JSONLogic rules see: `{"var": "contact.lead_score"}`. */
export function logicData(ctx: ExecuteContext<unknown>): Record<string, unknown> {
  return {
    contact: ctx.contact,
    event: ctx.event,
    journey: ctx.journey,
    engagement: ctx.engagement ?? {},
    now: ctx.now.toISOString(),
  };
}

/** Data roots a rule may read. */
export const LOGIC_ROOTS = ['contact', 'event', 'journey', 'engagement', 'now'] as const;
