/** What a sentence needs of an audit entry. */
export interface SentenceInput {
  actor: string;
  actorRole: string | null;
  action: string;
  /** The journey's name now (the entry keeps its id). */
  workflowName: string | null;
  workflowId: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

const MAX_CHANGES = 3;

/** What retention deletes (operate/retention.ts), in words. */
const RETAINED: Record<string, string> = {
  events: 'events',
  journey_steps: 'journey trace steps',
  messages: 'stored emails',
};

/**
 * Who acted, as people read it: the key's name and its role ('Ana (publisher)'); without a
 * recorded role, the name with the key's id prefix as `actorOf` wrote it.
 */
export function actorLabel(actor: string, role: string | null): string {
  if (!role) return actor;
  return `${actor.replace(/ \([0-9a-f]{8}\)$/, '')} (${role})`;
}

const quoted = (value: unknown) => `'${String(value)}'`;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
/** What a guardrail saw, from the reason it recorded ('Guardrail: email failure rate 12.5% over 10% …'). */
const tripped = (details: Record<string, unknown>) =>
  (str(details.reason) ?? '').replace(/^Guardrail:\s*/, '');
const because = (details: Record<string, unknown>) => {
  const reason = str(details.reason);
  return reason ? `: ${quoted(reason)}` : '';
};

function changeList(details: Record<string, unknown>): string {
  const changes = Array.isArray(details.changes) ? details.changes.map(String) : [];
  if (changes.length === 0) return str(details.note) ? `: ${details.note}` : ': no change in behaviour';
  const shown = changes.slice(0, MAX_CHANGES).join('; ');
  const more = changes.length - MAX_CHANGES;
  return `: ${shown}${more > 0 ? `; and ${more} more` : ''}`;
}

/** "priority 2 in 'Lifecycle', pre-empts" / "priority 1, no group" */
function priorityWords(value: unknown): string {
  const p = (value ?? {}) as Record<string, unknown>;
  const group = str(p.group) ? ` in ${quoted(p.group)}` : ', no group';
  return `priority ${String(p.priority)}${group}${p.preempt === true ? ', pre-empts' : ''}`;
}

/**
 * One audit entry as a sentence naming things by label, e.g. "Ana (publisher) activated
 * Pricing page v3, was v2: 'fix subject'". Ids stay in the entry's own columns; the sentence is
 * for reading, so an action nobody taught it reads as "<who> <action> <subject>".
 *
 * @example
 * auditSentence({ actor: 'Ana (3f2a9c1e)', actorRole: 'publisher', action: 'workflow.paused',
 *   workflowName: 'Pricing page', workflowId: '…', subject: 'v3', details: { version: 3 } })
 * // "Ana (publisher) paused Pricing page v3"
 */
export function auditSentence(entry: SentenceInput): string {
  const who = actorLabel(entry.actor, entry.actorRole);
  const d = entry.details;
  const journey = entry.workflowName
    ? quoted(entry.workflowName)
    : entry.workflowId
      ? `a journey (id ${entry.workflowId.slice(0, 8)})`
      : 'a journey';
  switch (entry.action) {
    case 'workspace.created':
      return `${who} created the workspace${str(d.name) ? ` ${quoted(d.name)}` : ''}`;
    case 'key.created':
      return `${who} created API key ${quoted(d.name)} with role ${String(d.role)}`;
    case 'key.revoked':
      return `${who} revoked API key ${quoted(d.name)} (${String(d.role)})`;
    case 'workflow.created':
      return `${who} created journey ${quoted(entry.subject ?? entry.workflowName)}`;
    case 'workflow.renamed':
      return `${who} renamed journey ${quoted(d.from)} to ${quoted(d.to)}`;
    case 'draft.saved':
      return `${who} saved the draft of ${journey} (revision ${String(d.draftRevision)})`;
    case 'draft.edited': {
      const saves = num(d.saves) ?? 1;
      return `${who} edited the draft of ${journey} (${saves} save${saves === 1 ? '' : 's'})${changeList(d)}`;
    }
    case 'version.published': {
      const override = d.override as { reason?: unknown; failed?: unknown } | undefined;
      const failed = Array.isArray(override?.failed) ? override.failed.length : 0;
      const over = override
        ? ` over ${failed} failing test case${failed === 1 ? '' : 's'} (${quoted(override.reason)})`
        : '';
      return `${who} published ${journey} v${String(d.version)}: ${quoted(d.message)}${over}`;
    }
    case 'workflow.activated': {
      const to = `v${String(d.toVersion)}`;
      const was =
        d.fromVersion === null || d.fromVersion === undefined ? '' : `, was v${String(d.fromVersion)}`;
      if (d.rollback) return `${who} rolled back ${journey} to ${to}${was}${because(d)}`;
      if (d.fromStatus === 'paused' && d.fromVersion === d.toVersion)
        return `${who} resumed ${journey} ${to}${because(d)}`;
      return `${who} activated ${journey} ${to}${was}${alsoEnrolled(d)}${because(d)}`;
    }
    case 'workflow.paused':
      if (d.guardrail)
        return `The guardrail paused ${journey} v${String(d.version)}: ${tripped(d)}. Nothing sent is sent again; waiting contacts stay parked until it is resumed`;
      return `${who} paused ${journey} v${String(d.version)}${because(d)}`;
    case 'workflow.rollout':
      if (d.figures && d.toPercent === 0)
        return `The guardrail sent the rollout of ${journey} v${String(d.version)} back to 0% (was ${String(d.fromPercent)}%; everyone new gets v${String(d.baseVersion)}): ${tripped(d)}`;
      return `${who} rolled ${journey} v${String(d.version)} out to ${String(d.toPercent)}% of new enrolments (was ${String(d.fromPercent)}%, the rest on v${String(d.baseVersion)})${because(d)}`;
    case 'experiment.winner-declared':
      return `${who} declared ${quoted(d.label)} the winner of the split in ${journey} v${String(d.fromVersion)}: v${String(d.version)} runs it for everyone`;
    case 'workflow.guardrails-set':
      return `${who} set the guardrails of ${journey}`;
    case 'workflow.priority-set':
      return `${who} set the priority of ${journey} to ${priorityWords(d.after)} (was ${priorityWords(d.before)})${because(d)}`;
    case 'workflow.control-group':
      return `${who} set the control group of ${journey} to ${String(d.toPercent)}% (was ${String(d.fromPercent)}%)${because(d)}`;
    case 'segment.created':
      return `${who} created segment ${quoted(entry.subject)} (rev ${String(d.revision ?? 1)})`;
    case 'segment.updated': {
      const revs =
        num(d.fromRevision) !== undefined && d.fromRevision !== d.toRevision
          ? `: rule rev ${String(d.fromRevision)} → rev ${String(d.toRevision)}`
          : ': description only';
      return `${who} changed segment ${quoted(entry.subject)}${revs}`;
    }
    case 'segment.deleted':
      return `${who} deleted segment ${quoted(entry.subject)}`;
    case 'test-cases.overridden': {
      const failed = Array.isArray(d.failed) ? d.failed.map(quoted).join(', ') : '';
      return `${who} overrode failing test cases of ${journey} (${failed})${because(d)}`;
    }
    case 'contact.erased':
      return `${who} erased a contact (now ${quoted(entry.subject)})`;
    case 'email.resent':
      return `${who} sent email ${String(entry.subject)} of ${journey} again`;
    case 'handoff.retried':
      return `${who} retried sales handoff ${String(entry.subject)} of ${journey}`;
    case 'suppression.added':
      return `${who} suppressed ${String(d.email ?? d.contactId ?? entry.subject)}${because(d)}`;
    case 'suppression.removed':
      return `${who} lifted the suppression of ${String(d.email ?? d.contactId ?? entry.subject)}`;
    case 'channels.settings.updated':
      return `${who} changed the channel settings`;
    case 'retention.dropped':
      return `${who} deleted ${num(d.rows) ?? 0} ${RETAINED[String(d.table)] ?? String(d.table)} stored before ${String(d.before).slice(0, 10)} (kept ${num(d.retentionDays) ?? '?'} days)`;
    default:
      return `${who} ${entry.action}${entry.subject ? ` ${entry.subject}` : ''}`;
  }
}

/** ", also enrolling the 120 contacts already in segment 'hot-leads'" (activate with enrolExisting). */
function alsoEnrolled(d: Record<string, unknown>): string {
  const e = d.enrolExisting as { segments?: unknown; contacts?: unknown } | undefined;
  if (!e || !Array.isArray(e.segments) || e.segments.length === 0) return '';
  const names = e.segments.map((s) => `'${String(s)}'`).join(' or ');
  return `, also enrolling the ${String(e.contacts)} contacts already in segment ${names}`;
}
