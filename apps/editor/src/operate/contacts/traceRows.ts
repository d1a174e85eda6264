import type { StepDelivery, TraceStep } from '@crossroads/api';

/** How the trace names steps and outputs (labels from each version's graph); ids when absent. */
export interface TraceNames {
  step(workflowId: string, version: number, nodeId: string): string;
  output(workflowId: string, version: number, nodeId: string, handle: string): string;
  outputs(workflowId: string, version: number, nodeId: string): number;
}

const byId: TraceNames = {
  step: (_w, _v, nodeId) => nodeId,
  output: (_w, _v, _n, handle) => handle,
  outputs: () => 0,
};

export interface TraceRow {
  id: string;
  at: string;
  workflowId: string;
  workflowName: string;
  version: number;
  nodeId: string;
  /** The step's label (the id goes in its title). */
  step: string;
  nodeType: string;
  /** What happened, in words: "took Hot SaaS lead", "waiting for email.opened"… */
  decision: string;
  /** The executor's one-line reason. */
  reason: string;
  /** Values the rule read, `path = value` (gates, triggers with filters, goals). */
  reads: Array<[string, unknown]>;
  /** The JSONLogic rule that decided, when there is one. */
  rule: unknown;
  /** What the step's email or handoff became, in words, and the email's id for the mailbox. */
  delivery: { text: string; messageId: string | null } | null;
}

export interface TraceJourney {
  enrollmentId: string;
  workflowId: string;
  workflowName: string;
  version: number;
  rows: TraceRow[];
}

/** An instant as people read it: "9 Dec, 14:05" in their own time zone. */
export const readableTime = (iso: string | undefined) => {
  const at = iso ? new Date(iso) : null;
  return at && !Number.isNaN(at.getTime())
    ? at.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
    : 'later';
};

/**
 * A trace step's decision in plain words, outputs named by their labels: "took 'Hot SaaS lead'",
 * "waiting for email.opened until 9 Dec, 14:05".
 */
export function describeDecision(
  step: Pick<TraceStep, 'decision' | 'output'> &
    Partial<Pick<TraceStep, 'workflowId' | 'version' | 'nodeId'>>,
  names: TraceNames = byId,
): string {
  const d = (step.decision ?? {}) as Record<string, unknown>;
  const where = [step.workflowId ?? '', step.version ?? 0, step.nodeId ?? ''] as const;
  const output = (handle: string) => names.output(...where, handle);
  if ('waitFor' in d) {
    const w = d.waitFor as { event?: string; timeoutAt?: string };
    return `waiting for ${w.event ?? 'an event'} until ${readableTime(w.timeoutAt)}`;
  }
  if ('wait' in d) return `waiting until ${readableTime((d.wait as { until?: string }).until)}`;
  if ('resumed' in d) return `resumed by ${String(d.by ?? d.resumed)}: took '${output(String(d.resumed))}'`;
  if ('converted' in d) return `converted (${(d.converted as { event?: string }).event ?? 'goal'})`;
  if ('exit' in d) return `ended: ${String(d.exit)}`;
  if ('error' in d) return `failed: ${String(d.error)}`;
  if ('notEnrolled' in d) return 'not enrolled (priority)';
  if ('preempted' in d) return 'ended: taken over by a higher-priority journey';
  if (step.output) {
    const effect = typeof d.effect === 'string' ? ` (${d.effect})` : '';
    // A step with one way out needs no name for it; a split names the branch taken.
    if (names.outputs(...where) === 1 || (names === byId && step.output === 'next'))
      return `continued${effect}`;
    return `took '${output(step.output)}'${effect}`;
  }
  return 'ended here';
}

/** A step's email or handoff as the contact got it: rendered subject or note, and its state. */
export function describeDelivery(d: StepDelivery): { text: string; messageId: string | null } {
  if (d.kind === 'email') {
    const what = d.subject === null ? 'Email (not rendered yet)' : `Email “${d.subject}”`;
    return { text: `${what}${d.to ? ` to ${d.to}` : ''}: ${d.state}`, messageId: d.effectId };
  }
  const to = d.owner ? ` to ${d.owner}` : '';
  return { text: `Handoff${to}: ${d.state}${d.note ? ` — “${d.note}”` : ''}`, messageId: null };
}

/**
 * A contact's trace grouped by journey (enrollment), each step with its decision, the reason and
 * the values rules read, so an auditor can answer "why did this contact get this email".
 *
 * @example
 * traceJourneys(steps)[0].rows.find((r) => r.nodeType === 'segment-gate')?.reads
 * // [['contact.lead_score', 92], ['contact.industry', 'SaaS']]
 */
export function traceJourneys(steps: readonly TraceStep[], names: TraceNames = byId): TraceJourney[] {
  const journeys = new Map<string, TraceJourney>();
  for (const step of steps) {
    // A priority line has no enrollment: it stands alone, under its journey's name.
    const key = step.enrollmentId ?? `priority:${step.id}`;
    let journey = journeys.get(key);
    if (!journey) {
      journey = {
        enrollmentId: key,
        workflowId: step.workflowId,
        workflowName: step.workflowName ?? step.workflowId.slice(0, 8),
        version: step.version,
        rows: [],
      };
      journeys.set(key, journey);
    }
    const details = step.reason?.details ?? {};
    const reads = (details.reads ?? {}) as Record<string, unknown>;
    journey.rows.push({
      id: step.id,
      at: step.at,
      workflowId: step.workflowId,
      workflowName: journey.workflowName,
      version: step.version,
      nodeId: step.nodeId,
      step: names.step(step.workflowId, step.version, step.nodeId),
      nodeType: step.nodeType,
      decision: describeDecision(step, names),
      reason: plainReason(step),
      reads: Object.entries(reads),
      rule: details.rule ?? null,
      delivery: step.delivery ? describeDelivery(step.delivery) : null,
    });
  }
  return [...journeys.values()].reverse();
}

const LIQUID = /\{\{|\{%/;

/**
 * The executor's reason without template code: a send's reason quotes its subject template, which
 * the trace replaces with the subject the contact got (or drops until it is rendered).
 *
 * @example
 * plainReason(sendStep) // 'Email “Mara, questions about Lumen pricing?” queued (marketing)'
 */
export function plainReason(step: Pick<TraceStep, 'reason' | 'delivery'>): string {
  const summary = step.reason?.summary ?? '';
  const queued = /^Email '([\s\S]*)' queued \(([^)]*)\)$/.exec(summary);
  if (!queued || !LIQUID.test(queued[1] ?? '')) return summary;
  const subject = step.delivery?.kind === 'email' ? step.delivery.subject : null;
  return subject === null ? `Email queued (${queued[2]})` : `Email “${subject}” queued (${queued[2]})`;
}
