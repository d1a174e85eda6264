import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS } from '../channels/guardrails/index.js';
import { DEFAULT_SENDER, parseChannelSettings } from './channelSettings.js';

const stored = (sender: unknown) => ({
  version: 1,
  sender,
  guardrails: {
    ...DEFAULT_GUARDRAILS,
    quietHours: { start: '21:00', end: '08:00', timezoneFallback: 'UTC' },
  },
  crm: { webhookUrl: 'https://crm.example.com/h', secrets: [] },
});

describe('parseChannelSettings', () => {
  it('has no postal address by default', () => {
    expect(DEFAULT_SENDER.postalAddress).toBe('');
    expect(parseChannelSettings(undefined).sender.postalAddress).toBe('');
  });

  it('reads settings stored with the default sender (no address) without losing the rest', () => {
    const settings = parseChannelSettings(stored(DEFAULT_SENDER));
    expect(settings.sender).toEqual(DEFAULT_SENDER);
    expect(settings.guardrails.quietHours).toEqual({ start: '21:00', end: '08:00', timezoneFallback: 'UTC' });
    expect(settings.crm.webhookUrl).toBe('https://crm.example.com/h');
  });

  it('reads the former default address, a note for staff, as no address', () => {
    const settings = parseChannelSettings(
      stored({
        ...DEFAULT_SENDER,
        postalAddress: 'Set your postal address in the workspace sender settings',
      }),
    );
    expect(settings.sender.postalAddress).toBe('');
    expect(settings.guardrails.quietHours).not.toBeNull();
  });

  it('keeps a real address as it is', () => {
    const sender = {
      fromName: 'Lumen',
      fromEmail: 'hello@lumen.example',
      postalAddress: '1 Main St\nBristol',
    };
    expect(parseChannelSettings(stored(sender)).sender).toEqual(sender);
  });
});
