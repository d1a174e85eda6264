import { describe, expect, it } from 'vitest';
import { percent, timeToWon, wonRevenue } from './salesOutcomeWords.js';

describe('sales outcome words', () => {
  it('says rates, times and revenue the way a person reads them', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.755)).toBe('76%');
    expect(timeToWon(null)).toBe('—');
    expect(timeToWon(5.04)).toBe('5 h');
    expect(timeToWon(84)).toBe('3.5 days');
    const group = {
      handoffs: 2,
      accepted: 2,
      rejected: 0,
      won: 2,
      lost: 0,
      awaiting: 0,
      acceptanceRate: 1,
      winRate: 1,
      medianHoursToWon: 3,
      wonAmount: { EUR: 12900, USD: 400 },
    };
    expect(wonRevenue(group, 'en-US')).toBe('€12,900 · $400');
    expect(wonRevenue({ ...group, wonAmount: {} })).toBe('—');
  });
});
