import { ChannelSettingsInput, type ChannelSettingsView } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { durationDraft, durationIso, unitWord } from './durationDraft.js';
import {
  formOf,
  inputOf,
  isDirty,
  keepsDefaultSender,
  lacksPostalAddress,
  policyOf,
  secretsInput,
} from './sendingForm.js';

const view = (over: Partial<ChannelSettingsView> = {}): ChannelSettingsView => ({
  sender: { fromName: 'Crossroads', fromEmail: 'journeys@crossroads.local', postalAddress: '' },
  guardrails: {
    frequencyCap: { maxSends: 5, window: 'P7D', onCap: 'defer' },
    quietHours: null,
    fatigue: null,
  },
  crm: { webhookUrl: null, secrets: [] },
  ...over,
});

const full = view({
  sender: {
    fromName: 'Lumen',
    fromEmail: 'hello@lumen.example',
    replyTo: 'sales@lumen.example',
    postalAddress: '1 Main St',
  },
  guardrails: {
    frequencyCap: { maxSends: 3, window: 'P3D', onCap: 'skip' },
    quietHours: { start: '21:00', end: '08:00', timezoneFallback: 'Europe/Berlin' },
    fatigue: { noOpensInLastSends: 4, action: 'slow', slowBy: 'PT36H' },
  },
  crm: {
    webhookUrl: 'https://crm.example.com/h',
    secrets: [
      { id: 'sec_new', prefix: 'whsec_AAAAAA…', createdAt: '2026-05-02T10:00:00.000Z' },
      { id: 'sec_old', prefix: 'whsec_BBBBBB…', createdAt: '2026-01-02T10:00:00.000Z' },
    ],
  },
});

describe('durations in words', () => {
  it('reads ISO durations as a number and the largest unit that fits', () => {
    expect(durationDraft('P7D')).toMatchObject({ amount: '1', unit: 'weeks' });
    expect(durationDraft('P3D')).toMatchObject({ amount: '3', unit: 'days' });
    expect(durationDraft('PT36H')).toMatchObject({ amount: '36', unit: 'hours' });
    expect(durationDraft('PT90M')).toMatchObject({ amount: '90', unit: 'minutes' });
    expect(durationDraft('P1M')).toMatchObject({ amount: '30', unit: 'days' });
    expect(durationDraft('PT1.5H')).toMatchObject({ amount: '90', unit: 'minutes' });
    expect(durationDraft('nonsense')).toEqual({ amount: '', unit: 'days' });
  });

  it('gives back the text it read while unchanged, and the new value once edited', () => {
    expect(durationIso(durationDraft('P1M'))).toBe('P1M');
    expect(durationIso({ ...durationDraft('P1M'), amount: '31' })).toBe('P31D');
    expect(durationIso({ ...durationDraft('P7D'), unit: 'days' })).toBe('P1D');
    expect(durationIso({ amount: '12', unit: 'hours' })).toBe('PT12H');
  });

  it('names units for their amount', () => {
    expect(unitWord('weeks', '1')).toBe('week');
    expect(unitWord('weeks', '2')).toBe('weeks');
  });
});

describe('the Sending form', () => {
  it('reads every guardrail into words and units, and writes the same policy back', () => {
    const form = formOf(full, 'UTC');
    expect(form.cap).toMatchObject({
      on: true,
      maxSends: '3',
      window: { amount: '3', unit: 'days' },
      onCap: 'skip',
    });
    expect(form.quiet).toEqual({ on: true, start: '21:00', end: '08:00', zone: 'Europe/Berlin' });
    expect(form.fatigue).toMatchObject({
      on: true,
      opens: '4',
      action: 'slow',
      slowBy: { amount: '36', unit: 'hours' },
    });
    expect(policyOf(form)).toEqual(full.guardrails);
  });

  it('writes what was typed: "at most 2 emails every 10 days", quiet hours off', () => {
    const form = formOf(full, 'UTC');
    form.cap = { ...form.cap, maxSends: '2', window: { ...form.cap.window, amount: '10' } };
    form.quiet = { ...form.quiet, on: false };
    form.fatigue = { ...form.fatigue, action: 'skip' };
    expect(policyOf(form)).toEqual({
      frequencyCap: { maxSends: 2, window: 'P10D', onCap: 'skip' },
      quietHours: null,
      fatigue: { noOpensInLastSends: 4, action: 'skip', slowBy: 'PT36H' },
    });
  });

  it('offers values for guardrails that are off, in the browser zone', () => {
    const form = formOf(view(), 'America/Chicago');
    expect(form.quiet).toEqual({ on: false, start: '21:00', end: '08:00', zone: 'America/Chicago' });
    expect(policyOf({ ...form, quiet: { ...form.quiet, on: true } }).quietHours).toEqual({
      start: '21:00',
      end: '08:00',
      timezoneFallback: 'America/Chicago',
    });
    expect(policyOf(form)).toEqual(view().guardrails);
  });

  it('saves a sender with a tidy address, and leaves an untouched default sender out', () => {
    const saved = view();
    const form = formOf(saved);
    expect(keepsDefaultSender(form, saved)).toBe(true);
    expect(inputOf(form, saved).sender).toBeUndefined();
    form.sender = { ...form.sender, fromName: 'Lumen', postalAddress: '  1 Main St \n\n Bristol ' };
    expect(keepsDefaultSender(form, saved)).toBe(false);
    const input = inputOf(form, saved);
    expect(input.sender).toEqual({
      fromName: 'Lumen',
      fromEmail: 'journeys@crossroads.local',
      postalAddress: '1 Main St\nBristol',
    });
    expect(ChannelSettingsInput.safeParse(input).success).toBe(true);
  });

  it('sends the webhook URL, empty as null, and never the secrets (kept by the server)', () => {
    const form = formOf(full);
    expect(inputOf(form, full).crm).toEqual({ webhookUrl: 'https://crm.example.com/h' });
    expect(inputOf({ ...form, webhookUrl: '  ' }, full).crm).toEqual({ webhookUrl: null });
    expect(ChannelSettingsInput.safeParse(inputOf(form, full)).success).toBe(true);
  });

  it('knows when there are unsaved changes', () => {
    const saved = formOf(full);
    expect(isDirty(formOf(full), saved)).toBe(false);
    expect(isDirty({ ...saved, webhookUrl: 'https://other.example.com' }, saved)).toBe(true);
  });

  it('says when no postal address is saved', () => {
    expect(lacksPostalAddress(view())).toBe(true);
    expect(lacksPostalAddress(full)).toBe(false);
  });
});

describe('signing secrets', () => {
  it('generates one ahead of the kept ones, from the saved settings', () => {
    const input = secretsInput(full, { generate: true });
    expect(input.crm?.secrets).toEqual([{ generate: true }, { id: 'sec_new' }, { id: 'sec_old' }]);
    expect(input.sender).toEqual(full.sender);
    expect(input.guardrails).toEqual(full.guardrails);
    expect(ChannelSettingsInput.safeParse(input).success).toBe(true);
  });

  it('removes one by id, keeping the others and a default sender left out', () => {
    const saved = view({ crm: full.crm });
    const input = secretsInput(saved, { remove: 'sec_new' });
    expect(input.crm).toEqual({ webhookUrl: 'https://crm.example.com/h', secrets: [{ id: 'sec_old' }] });
    expect(input.sender).toBeUndefined();
    expect(ChannelSettingsInput.safeParse(input).success).toBe(true);
  });
});
