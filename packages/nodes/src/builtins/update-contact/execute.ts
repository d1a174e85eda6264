import { readVar } from '@crossroads/graph-schema';
import {
  type ContactChangeRecord,
  type ContactData,
  type ContactUpdateEffect,
  type Decision,
  type ExecuteContext,
  logicData,
} from '../../sdk/decision.js';
import type { ContactChange, UpdateContactConfig } from './config.js';

const LIQUID = /\{\{|\{%/;

/** A stored value as a number, or undefined when it is not one (missing counts as 0). */
function asNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** Rendered text stored as the field's type; a value that is not of that type fails the step, naming it. */
function typed(text: string, type: 'text' | 'number' | 'boolean', attribute: string): unknown {
  if (type === 'text') return text;
  const trimmed = text.trim();
  if (type === 'number') {
    const n = trimmed === '' ? Number.NaN : Number(trimmed);
    if (!Number.isFinite(n)) throw new Error(`'${attribute}' must be a number, but the value is '${text}'`);
    return n;
  }
  if (/^(true|yes)$/i.test(trimmed)) return true;
  if (/^(false|no)$/i.test(trimmed)) return false;
  throw new Error(`'${attribute}' must be yes or no, but the value is '${text}'`);
}

/**
 * The contact with changes applied in order: what later steps of the same walk read.
 *
 * @example
 * ```ts
 * applyContactChanges({ id: 'c1', stage: 'lead' }, [{ attribute: 'stage', op: 'set', before: 'lead', after: 'sql' }]);
 * // { id: 'c1', stage: 'sql' }
 * ```
 */
export function applyContactChanges(
  contact: ContactData,
  changes: readonly ContactChangeRecord[],
): ContactData {
  const next: ContactData = { ...contact };
  for (const { attribute, after } of changes) {
    if (after === null || after === undefined) delete next[attribute];
    else next[attribute] = after;
  }
  return next;
}

function changeOf(
  change: ContactChange,
  contact: ContactData,
  ctx: ExecuteContext<UpdateContactConfig>,
): ContactChangeRecord | undefined {
  const { attribute } = change;
  const before = Object.hasOwn(contact, attribute) ? (contact[attribute] ?? null) : null;
  switch (change.op) {
    case 'set': {
      if (!LIQUID.test(change.value))
        return { attribute, op: 'set', before, after: typed(change.value, change.type, attribute) };
      if (!ctx.renderText) return { attribute, op: 'set', before, after: change.value, unrendered: true };
      const rendered = ctx.renderText(change.value, { contact, event: ctx.event, journey: ctx.journey });
      if (!rendered.ok) throw new Error(`the value of '${attribute}' does not render: ${rendered.error}`);
      return { attribute, op: 'set', before, after: typed(rendered.output, change.type, attribute) };
    }
    case 'copy': {
      const value = readVar(logicData({ ...ctx, contact }), change.from);
      // Nothing to copy (the event has no such property): the attribute stays as it is.
      if (value === null || value === undefined) return undefined;
      return { attribute, op: 'copy', before, after: value };
    }
    case 'increment': {
      const current = asNumber(before);
      if (current === undefined)
        throw new Error(`'${attribute}' is '${String(before)}', not a number to add to`);
      return { attribute, op: 'increment', before, after: current + change.by, by: change.by };
    }
    case 'unset':
      return { attribute, op: 'unset', before, after: null };
  }
}

/** Words for one change in the trace, e.g. `lifecycle_stage: lead → sql`. */
const shown = (value: unknown) =>
  value === null ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * Decides the attribute changes, each with its value before and after; the runtime writes them to
 * the contact once per step (and sends them to the CRM when `syncToCrm`). Later changes see the
 * earlier ones, and so do later steps of the same walk.
 */
export function executeUpdateContact(ctx: ExecuteContext<UpdateContactConfig>): Decision {
  let contact = ctx.contact;
  const changes: ContactChangeRecord[] = [];
  const skipped: string[] = [];
  for (const change of ctx.config.changes) {
    const record = changeOf(change, contact, ctx);
    if (!record) {
      skipped.push(change.attribute);
      continue;
    }
    changes.push(record);
    contact = applyContactChanges(contact, [record]);
  }
  const effect: ContactUpdateEffect = { kind: 'contact-update', changes, syncToCrm: ctx.config.syncToCrm };
  const words = changes.map((c) => `${c.attribute}: ${shown(c.before)} → ${shown(c.after)}`);
  const summary = changes.length === 0 ? 'Nothing to change' : `Updated ${words.join(', ')}`.slice(0, 500);
  return {
    next: 'next',
    ...(changes.length > 0 && { effect }),
    reason: {
      summary,
      details: {
        changes,
        ...(skipped.length > 0 && { nothingToCopy: skipped }),
        syncToCrm: ctx.config.syncToCrm,
      },
    },
  };
}
