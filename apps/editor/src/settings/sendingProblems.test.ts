import type { ChannelSettingsView } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { formOf } from './sendingForm.js';
import {
  apiProblems,
  errorsStanding,
  fieldOfPath,
  firstError,
  formProblems,
  POSTAL_ADDRESS_NEEDED,
} from './sendingProblems.js';

const saved: ChannelSettingsView = {
  sender: { fromName: 'Lumen', fromEmail: 'hello@lumen.example', postalAddress: '1 Main St' },
  guardrails: {
    frequencyCap: { maxSends: 3, window: 'P3D', onCap: 'defer' },
    quietHours: { start: '21:00', end: '08:00', timezoneFallback: 'Europe/Berlin' },
    fatigue: { noOpensInLastSends: 4, action: 'slow', slowBy: 'P2D' },
  },
  crm: { webhookUrl: null, secrets: [] },
};

describe('formProblems', () => {
  it('finds nothing wrong with saved settings', () => {
    expect(formProblems(formOf(saved), true)).toEqual({});
  });

  it('asks for a postal address, saying why, when the sender is saved', () => {
    const form = formOf(saved);
    form.sender.postalAddress = '   ';
    expect(formProblems(form, true)).toEqual({ postalAddress: POSTAL_ADDRESS_NEEDED });
    expect(POSTAL_ADDRESS_NEEDED).toMatch(/law .* footer/);
    expect(formProblems(form, false)).toEqual({});
  });

  it('names each wrong field in words', () => {
    const form = formOf(saved);
    form.sender = { fromName: 'A\nB', fromEmail: 'nope', replyTo: 'also nope', postalAddress: '1 Main St' };
    form.cap = { ...form.cap, maxSends: '0', window: { amount: '400', unit: 'days' } };
    form.quiet = { ...form.quiet, start: '21:00', end: '21:00', zone: 'Mars/Olympus' };
    form.fatigue = { ...form.fatigue, opens: '2.5', slowBy: { amount: 'x', unit: 'hours' } };
    form.webhookUrl = 'crm.example.com';
    const errors = formProblems(form, true);
    expect(errors).toEqual({
      fromName: 'The from name must be one line.',
      fromEmail: 'Enter an email address, e.g. hello@yourcompany.com.',
      replyTo: 'Enter an email address, or leave it empty to get replies at the from address.',
      maxSends: 'Enter a whole number of emails from 1 to 1000.',
      window: 'Enter at most a year.',
      quietEnd: 'Quiet hours must end at another time than they start.',
      quietZone: 'Pick a time zone from the list, e.g. Europe/Berlin.',
      opens: 'Enter a whole number of emails from 1 to 100.',
      slowBy: 'Enter a number of hours, e.g. 7.',
      webhookUrl: 'Enter the full address, starting with https://, or leave it empty.',
    });
    expect(firstError(errors)).toBe('fromName');
  });

  it('does not check guardrails that are off', () => {
    const form = formOf(saved);
    form.cap = { ...form.cap, on: false, maxSends: '' };
    form.quiet = { ...form.quiet, on: false, zone: '' };
    expect(formProblems(form, true)).toEqual({});
  });
});

describe('API problems', () => {
  it('maps problem paths to the fields of the page', () => {
    expect(fieldOfPath('sender.postalAddress')).toBe('postalAddress');
    expect(fieldOfPath('guardrails.quietHours.timezoneFallback')).toBe('quietZone');
    expect(fieldOfPath('crm.secrets[0].id')).toBe('secrets');
    expect(fieldOfPath('sender')).toBeNull();
  });

  it('puts a refused webhook URL next to it in words, and the rest apart', () => {
    const { fields, other } = apiProblems([
      { path: 'crm.webhookUrl', message: 'URL refused: private address' },
      { path: 'sender.fromEmail', message: 'Invalid email address' },
      { path: 'something.else', message: 'is odd' },
    ]);
    expect(fields).toEqual({
      webhookUrl:
        'Crossroads will not send webhooks to this address (private address). Use the public address your CRM receives webhooks on.',
      fromEmail: 'Invalid email address.',
    });
    expect(other).toEqual(['Something.else: is odd.']);
  });

  it("explains the API's postal address refusal the page's way", () => {
    const { fields } = apiProblems([
      { path: 'sender.postalAddress', message: "a postal address is required: most countries' laws ask…" },
    ]);
    expect(fields.postalAddress).toBe(POSTAL_ADDRESS_NEEDED);
  });
});

describe('errorsStanding', () => {
  it('drops the error of a field once it is edited, keeping the others', () => {
    const at = formOf(saved);
    const errors = { postalAddress: POSTAL_ADDRESS_NEEDED, webhookUrl: 'refused' };
    expect(errorsStanding(errors, at, formOf(saved))).toEqual(errors);
    const now = { ...at, sender: { ...at.sender, postalAddress: '2 Main St' } };
    expect(errorsStanding(errors, at, now)).toEqual({ webhookUrl: 'refused' });
  });
});
