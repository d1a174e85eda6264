import type {
  ChannelSettingsInput,
  ChannelSettingsView,
  GuardrailPolicy,
  SenderSettings,
} from '@crossroads/api';
import { type DurationDraft, durationDraft, durationIso } from './durationDraft.js';

/**
 * The Sending page's form: every value as the person typed it (numbers as text, durations as a
 * number and a unit, quiet hours as times), each guardrail with an on/off switch. Turned-off
 * guardrails keep sensible values, shown when they are turned on.
 */
export interface SendingForm {
  sender: { fromName: string; fromEmail: string; replyTo: string; postalAddress: string };
  cap: { on: boolean; maxSends: string; window: DurationDraft; onCap: 'defer' | 'skip' };
  quiet: { on: boolean; start: string; end: string; zone: string };
  fatigue: { on: boolean; opens: string; action: 'slow' | 'skip'; slowBy: DurationDraft };
  webhookUrl: string;
}

/** What a guardrail shows when it is turned on for the first time. */
const OFF = {
  cap: { on: false, maxSends: '5', window: durationDraft('P7D'), onCap: 'defer' },
  quiet: { on: false, start: '21:00', end: '08:00' },
  fatigue: { on: false, opens: '5', action: 'slow', slowBy: durationDraft('P7D') },
} as const;

/**
 * The form for settings as the API shows them. `zone` is what quiet hours that are off offer as
 * the fallback time zone (the browser's own).
 *
 * @example
 * formOf(await api.channelSettings(), Intl.DateTimeFormat().resolvedOptions().timeZone)
 */
export function formOf(view: ChannelSettingsView, zone = 'UTC'): SendingForm {
  const { frequencyCap: cap, quietHours: quiet, fatigue } = view.guardrails;
  return {
    sender: {
      fromName: view.sender.fromName,
      fromEmail: view.sender.fromEmail,
      replyTo: view.sender.replyTo ?? '',
      postalAddress: view.sender.postalAddress,
    },
    cap: cap
      ? { on: true, maxSends: String(cap.maxSends), window: durationDraft(cap.window), onCap: cap.onCap }
      : { ...OFF.cap },
    quiet: quiet
      ? { on: true, start: quiet.start, end: quiet.end, zone: quiet.timezoneFallback }
      : { ...OFF.quiet, zone },
    fatigue: fatigue
      ? {
          on: true,
          opens: String(fatigue.noOpensInLastSends),
          action: fatigue.action,
          slowBy: durationDraft(fatigue.slowBy),
        }
      : { ...OFF.fatigue },
    webhookUrl: view.crm.webhookUrl ?? '',
  };
}

/** The guardrail policy a (valid) form describes; a guardrail switched off is null. */
export function policyOf(form: SendingForm): GuardrailPolicy {
  const { cap, quiet, fatigue } = form;
  return {
    frequencyCap: cap.on
      ? { maxSends: Number(cap.maxSends), window: durationIso(cap.window), onCap: cap.onCap }
      : null,
    quietHours: quiet.on ? { start: quiet.start, end: quiet.end, timezoneFallback: quiet.zone.trim() } : null,
    fatigue: fatigue.on
      ? {
          noOpensInLastSends: Number(fatigue.opens),
          action: fatigue.action,
          slowBy: durationIso(fatigue.slowBy),
        }
      : null,
  };
}

/** The postal address as saved: each line trimmed, blank lines dropped. */
export function tidyAddress(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

/** The sender a form saves. */
export function senderOf(form: SendingForm): SenderSettings {
  const { fromName, fromEmail, replyTo, postalAddress } = form.sender;
  return {
    fromName: fromName.trim(),
    fromEmail: fromEmail.trim(),
    ...(replyTo.trim() ? { replyTo: replyTo.trim() } : {}),
    postalAddress: tidyAddress(postalAddress),
  };
}

/**
 * Whether the form leaves the sender out of the PUT: when the saved sender is the default one (no
 * postal address) and the form did not touch it. Left out, it stays the default, so guardrails and
 * the CRM endpoint can be saved before the sender is set; touched, it must be complete.
 */
export function keepsDefaultSender(form: SendingForm, saved: ChannelSettingsView): boolean {
  return saved.sender.postalAddress.trim() === '' && sameSender(form.sender, formOf(saved).sender);
}

const sameSender = (a: SendingForm['sender'], b: SendingForm['sender']) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The PUT body of a form (check it with `formProblems` first). CRM secrets are left out: the
 * server keeps them (they change through `secretsInput`, at once).
 */
export function inputOf(form: SendingForm, saved: ChannelSettingsView): ChannelSettingsInput {
  return {
    ...(keepsDefaultSender(form, saved) ? {} : { sender: senderOf(form) }),
    guardrails: policyOf(form),
    crm: { webhookUrl: form.webhookUrl.trim() || null },
  };
}

/** Whether the form differs from the one the saved settings gave. */
export function isDirty(form: SendingForm, savedForm: SendingForm): boolean {
  return JSON.stringify(form) !== JSON.stringify(savedForm);
}

/** Whether the saved settings lack a postal address (the page warns). */
export const lacksPostalAddress = (saved: ChannelSettingsView) => saved.sender.postalAddress.trim() === '';

/**
 * The PUT that generates a signing secret or removes one, built from the saved settings (so it
 * saves none of the form's unsaved edits). The kept secrets go by id, newest first.
 *
 * @example
 * secretsInput(saved, { generate: true }) // crm.secrets: [{ generate: true }, { id: 'sec_1' }]
 */
export function secretsInput(
  saved: ChannelSettingsView,
  change: { generate: true } | { remove: string },
): ChannelSettingsInput {
  const kept = saved.crm.secrets
    .filter((s) => !('remove' in change) || s.id !== change.remove)
    .map((s) => ({ id: s.id }));
  const { replyTo, ...sender } = saved.sender;
  return {
    ...(lacksPostalAddress(saved) ? {} : { sender: { ...sender, ...(replyTo ? { replyTo } : {}) } }),
    guardrails: saved.guardrails,
    crm: {
      webhookUrl: saved.crm.webhookUrl,
      secrets: 'generate' in change ? [{ generate: true }, ...kept] : kept,
    },
  };
}

/** At most this many signing secrets (the API's limit). */
export const MAX_SECRETS = 5;
