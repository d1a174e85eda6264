import type { EmailEffect, HandoffEffect } from '@crossroads/nodes';
import { renderTemplate } from '../channels/index.js';

/** What templates see: the contact and enrolling event the walk read, and the journey. */
export type RenderVars = {
  contact: Record<string, unknown> & { id: string };
  event: { type: string; properties: unknown; timestamp: Date } | null;
  journey: { workflowId: string; version: number; enrollmentId: string };
};

/** A journey's own frequency cap (`settings.frequencyCap` of its version), if it has one. */
export type FrequencyCap = { maxSends: number; window: string };

/**
 * What the walk decided for an email, stored on its ledger row (`effects.prepared`): the rendered
 * fields, the address, the contact's timezone (for quiet hours) and the version's frequency cap.
 * Or why it cannot be sent: no address, or a template that does not render.
 */
export type PreparedEmail =
  | {
      to: string;
      subject: string;
      html: string;
      text: string;
      timezone?: unknown;
      frequencyCap: FrequencyCap | null;
    }
  | { error: string };

/** What the walk decided for a handoff: the note as sales will read it, and the contact's email. */
export interface PreparedHandoff {
  note: string;
  email?: string | null;
  /** Segments the contact was in when handed off (sales outcomes by segment); set by the walk. */
  segments?: string[];
}

/** What the walk read for a contact update the CRM gets: the email a receiver finds the contact by. */
export interface PreparedContactUpdate {
  email: string | null;
}

/**
 * Renders what a send or handoff node asked for, with the data the walk decided on, so delivery
 * reads its ledger row instead of the contact, the event and the graph again. Results, never
 * exceptions: a template that fails is an email that fails (a note that fails is kept as written,
 * as it always was). Other effect kinds need nothing: null.
 *
 * @example
 * const prepared = await renderEffect(step.effect, vars, journey.graph.settings.frequencyCap ?? null);
 */
export async function renderEffect(
  effect: { kind: string },
  vars: RenderVars,
  frequencyCap: FrequencyCap | null,
): Promise<PreparedEmail | PreparedHandoff | PreparedContactUpdate | null> {
  if (effect.kind === 'email') return renderEmail(effect as EmailEffect, vars, frequencyCap);
  if (effect.kind === 'handoff') return renderHandoff(effect as HandoffEffect, vars);
  if (effect.kind === 'contact-update') return { email: emailOf(vars.contact) };
  return null;
}

async function renderEmail(
  payload: EmailEffect,
  vars: RenderVars,
  frequencyCap: FrequencyCap | null,
): Promise<PreparedEmail> {
  const { contact } = vars;
  const to = typeof contact.email === 'string' ? contact.email : undefined;
  if (!to) return { error: `Contact ${contact.id} has no email attribute` };
  const [subject, html, text] = await Promise.all([
    renderTemplate(payload.subject, vars, { field: 'subject' }),
    renderTemplate(payload.html ?? '', vars, { field: 'html', escape: 'html' }),
    renderTemplate(payload.text ?? '', vars, { field: 'text' }),
  ]);
  if (!subject.ok) return { error: `Template subject: ${subject.error.message}` };
  if (!html.ok) return { error: `Template html: ${html.error.message}` };
  if (!text.ok) return { error: `Template text: ${text.error.message}` };
  return {
    to,
    subject: subject.output,
    html: html.output,
    text: text.output,
    timezone: contact.timezone,
    frequencyCap,
  };
}

async function renderHandoff(payload: HandoffEffect, vars: RenderVars): Promise<PreparedHandoff> {
  const note = await renderTemplate(payload.note, { ...vars, signals: payload.signals }, { field: 'note' });
  // A note that fails to render (saved before template checks existed) is kept as written.
  return { note: note.ok ? note.output : payload.note, email: emailOf(vars.contact) };
}

function emailOf(contact: RenderVars['contact']): string | null {
  return typeof contact.email === 'string' ? contact.email : null;
}
