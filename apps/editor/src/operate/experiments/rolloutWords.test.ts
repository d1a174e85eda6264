import { describe, expect, it } from 'vitest';
import { nextStep, rolloutChange, whoGetsWhat } from './rolloutWords.js';

const settings = { activeVersion: 2, rolloutVersion: 3, rolloutPercent: 5, controlPercent: 0 };

describe('rollout words', () => {
  it('says which version a new contact gets', () => {
    expect(whoGetsWhat(settings, 'active')).toBe('New contacts: 5% get v3, the other 95% get v2.');
    expect(whoGetsWhat({ ...settings, rolloutVersion: null, rolloutPercent: 0 }, 'active')).toBe(
      'New contacts: all get v2.',
    );
    expect(whoGetsWhat({ ...settings, controlPercent: 10 }, 'active')).toContain(
      '10% of them are held out as a control group',
    );
    expect(whoGetsWhat(settings, 'paused')).toContain('paused');
    expect(whoGetsWhat({ ...settings, activeVersion: null }, 'draft')).toContain('no version is live');
  });

  it('previews a change and offers the next step', () => {
    expect(rolloutChange(3, 12.5, 2)).toBe('v3 for 12.5% of new enrolments, the rest on v2.');
    expect(rolloutChange(3, 100, 2)).toContain('becomes the live version');
    expect(nextStep(5)).toBe(10);
    expect(nextStep(50)).toBe(100);
    expect(nextStep(70)).toBe(100);
  });
});
