import { draftMinutes } from './durationDraft.js';
import type { SendingForm } from './sendingForm.js';

/** The fields of the Sending page an error can stand next to. */
export type FieldKey =
  | 'fromName'
  | 'fromEmail'
  | 'replyTo'
  | 'postalAddress'
  | 'maxSends'
  | 'window'
  | 'quietStart'
  | 'quietEnd'
  | 'quietZone'
  | 'opens'
  | 'slowBy'
  | 'webhookUrl'
  | 'secrets';

export type FieldErrors = Partial<Record<FieldKey, string>>;

/** The id of a field's input on the page (labels, focus, `aria-describedby`). */
export const fieldId = (key: FieldKey) => `sending-${key}`;

/** In page order, so the first error named is the first on the page. */
export const FIELD_ORDER: readonly FieldKey[] = [
  'fromName',
  'fromEmail',
  'replyTo',
  'postalAddress',
  'maxSends',
  'window',
  'quietStart',
  'quietEnd',
  'quietZone',
  'opens',
  'slowBy',
  'webhookUrl',
  'secrets',
];

export const POSTAL_ADDRESS_NEEDED =
  "Enter your postal address: the law in most countries requires it on marketing email, and it is printed in every email's footer.";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const YEAR_MINUTES = 366 * 1440;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function wholeNumber(text: string, min: number, max: number, what: string): string | undefined {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || n < min || n > max)
    return `Enter a whole number of ${what} from ${min} to ${max}.`;
  return undefined;
}

function durationProblem(draft: SendingForm['cap']['window']): string | undefined {
  const minutes = draftMinutes(draft);
  if (minutes === null) return `Enter a number of ${draft.unit}, e.g. 7.`;
  if (minutes <= 0) return 'Enter a time longer than zero.';
  if (minutes > YEAR_MINUTES) return 'Enter at most a year.';
  return undefined;
}

/**
 * What is wrong with a form, in words, by field; empty when it can be saved. `senderSaved`: the
 * sender goes with the save (see `keepsDefaultSender`), so it must be complete.
 *
 * @example
 * formProblems(form, true) // { postalAddress: 'Enter your postal address: …' }
 */
export function formProblems(form: SendingForm, senderSaved: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const { sender, cap, quiet, fatigue } = form;
  if (senderSaved) {
    if (/[\r\n]/.test(sender.fromName)) errors.fromName = 'The from name must be one line.';
    else if (sender.fromName.trim().length > 100) errors.fromName = 'Use at most 100 characters.';
    if (!EMAIL.test(sender.fromEmail.trim()))
      errors.fromEmail = 'Enter an email address, e.g. hello@yourcompany.com.';
    if (sender.replyTo.trim() && !EMAIL.test(sender.replyTo.trim()))
      errors.replyTo = 'Enter an email address, or leave it empty to get replies at the from address.';
    if (sender.postalAddress.trim() === '') errors.postalAddress = POSTAL_ADDRESS_NEEDED;
    else if (sender.postalAddress.trim().length > 500) errors.postalAddress = 'Use at most 500 characters.';
  }
  if (cap.on) {
    const many = wholeNumber(cap.maxSends, 1, 1000, 'emails');
    if (many) errors.maxSends = many;
    const window = durationProblem(cap.window);
    if (window) errors.window = window;
  }
  if (quiet.on) {
    if (!TIME.test(quiet.start)) errors.quietStart = 'Enter a time, e.g. 21:00.';
    if (!TIME.test(quiet.end)) errors.quietEnd = 'Enter a time, e.g. 08:00.';
    else if (quiet.start === quiet.end)
      errors.quietEnd = 'Quiet hours must end at another time than they start.';
    if (!isTimeZone(quiet.zone.trim()) || quiet.zone.trim() === '')
      errors.quietZone = 'Pick a time zone from the list, e.g. Europe/Berlin.';
  }
  if (fatigue.on) {
    const opens = wholeNumber(fatigue.opens, 1, 100, 'emails');
    if (opens) errors.opens = opens;
    if (fatigue.action === 'slow') {
      const slow = durationProblem(fatigue.slowBy);
      if (slow) errors.slowBy = slow;
    }
  }
  const url = form.webhookUrl.trim();
  if (url && !/^https?:\/\/[^/\s]+/i.test(url))
    errors.webhookUrl = 'Enter the full address, starting with https://, or leave it empty.';
  return errors;
}

/** The page field an API problem path names (`sender.postalAddress`, `crm.secrets[0].id`), if any. */
export function fieldOfPath(path: string): FieldKey | null {
  const known: Record<string, FieldKey> = {
    'sender.fromName': 'fromName',
    'sender.fromEmail': 'fromEmail',
    'sender.replyTo': 'replyTo',
    'sender.postalAddress': 'postalAddress',
    'guardrails.frequencyCap.maxSends': 'maxSends',
    'guardrails.frequencyCap.window': 'window',
    'guardrails.quietHours.start': 'quietStart',
    'guardrails.quietHours.end': 'quietEnd',
    'guardrails.quietHours.timezoneFallback': 'quietZone',
    'guardrails.fatigue.noOpensInLastSends': 'opens',
    'guardrails.fatigue.slowBy': 'slowBy',
    'crm.webhookUrl': 'webhookUrl',
  };
  if (known[path]) return known[path];
  return path.startsWith('crm.secrets') ? 'secrets' : null;
}

/** An API problem's message for people: the webhook refusal explained, others as a sentence. */
export function problemWords(field: FieldKey | null, message: string): string {
  const refused = /^URL refused: (.*)$/.exec(message);
  if (field === 'webhookUrl' && refused)
    return `Crossroads will not send webhooks to this address (${refused[1]}). Use the public address your CRM receives webhooks on.`;
  if (field === 'postalAddress' && /required/.test(message)) return POSTAL_ADDRESS_NEEDED;
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * The errors of a refused save (400/422 problem+json), next to the fields they name; problems
 * naming no field of the page are returned apart, for a banner.
 */
export function apiProblems(problems: ReadonlyArray<{ path?: string; message: string }>): {
  fields: FieldErrors;
  other: string[];
} {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const { path = '', message } of problems) {
    const field = fieldOfPath(path);
    if (field) fields[field] ??= problemWords(field, message);
    else other.push(problemWords(null, path ? `${path}: ${message}` : message));
  }
  return { fields, other };
}

/** The first field with an error, in page order. */
export const firstError = (errors: FieldErrors) => FIELD_ORDER.find((key) => errors[key]);

/** What a field holds, to tell whether it changed since an error was given about it. */
function fieldValue(form: SendingForm, key: FieldKey): unknown {
  const values: Record<FieldKey, unknown> = {
    fromName: form.sender.fromName,
    fromEmail: form.sender.fromEmail,
    replyTo: form.sender.replyTo,
    postalAddress: form.sender.postalAddress,
    maxSends: [form.cap.on, form.cap.maxSends],
    window: [form.cap.on, form.cap.window],
    quietStart: [form.quiet.on, form.quiet.start],
    quietEnd: [form.quiet.on, form.quiet.start, form.quiet.end],
    quietZone: [form.quiet.on, form.quiet.zone],
    opens: [form.fatigue.on, form.fatigue.opens],
    slowBy: [form.fatigue.on, form.fatigue.action, form.fatigue.slowBy],
    webhookUrl: form.webhookUrl,
    secrets: null,
  };
  return JSON.stringify(values[key]);
}

/**
 * The errors given for the form `at` that still stand in `now`: an error goes away as soon as its
 * field is edited (the next save checks it again).
 */
export function errorsStanding(errors: FieldErrors, at: SendingForm, now: SendingForm): FieldErrors {
  const standing: FieldErrors = {};
  for (const key of FIELD_ORDER) {
    const text = errors[key];
    if (text && fieldValue(at, key) === fieldValue(now, key)) standing[key] = text;
  }
  return standing;
}
