import type { StepDelivery, TraceStep } from '@crossroads/api';

export interface TraceRow {
  id: string;
  at: string;
  workflowId: string;
  workflowName: string;
  version: number;
  nodeId: string;
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

/** A trace step's decision in plain words. */
export function describeDecision(step: Pick<TraceStep, 'decision' | 'output'>): string {
  const d = (step.decision ?? {}) as Record<string, unknown>;
  if ('waitFor' in d) {
    const w = d.waitFor as { event?: string; timeoutAt?: string };
    return `waiting for ${w.event ?? 'an event'} until ${w.timeoutAt ?? '?'}`;
  }
  if ('wait' in d) return `waiting until ${(d.wait as { until?: string }).until ?? '?'}`;
  if ('resumed' in d) return `resumed by ${String(d.by ?? d.resumed)} → ${String(d.resumed)}`;
  if ('converted' in d) return `converted (${(d.converted as { event?: string }).event ?? 'goal'})`;
  if ('exit' in d) return `ended: ${String(d.exit)}`;
  if ('error' in d) return `failed: ${String(d.error)}`;
  if (step.output) return `→ ${step.output}${typeof d.effect === 'string' ? ` (${d.effect})` : ''}`;
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
export function traceJourneys(steps: readonly TraceStep[]): TraceJourney[] {
  const journeys = new Map<string, TraceJourney>();
  for (const step of steps) {
    let journey = journeys.get(step.enrollmentId);
    if (!journey) {
      journey = {
        enrollmentId: step.enrollmentId,
        workflowId: step.workflowId,
        workflowName: step.workflowName ?? step.workflowId.slice(0, 8),
        version: step.version,
        rows: [],
      };
      journeys.set(step.enrollmentId, journey);
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
      nodeType: step.nodeType,
      decision: describeDecision(step),
      reason: step.reason?.summary ?? '',
      reads: Object.entries(reads),
      rule: details.rule ?? null,
      delivery: step.delivery ? describeDelivery(step.delivery) : null,
    });
  }
  return [...journeys.values()].reverse();
}
