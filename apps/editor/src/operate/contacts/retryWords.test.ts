import { describe, expect, it } from 'vitest';
import { retryingWords, retryLabel } from './retryWords.js';

describe('retry words', () => {
  it('says which try comes next, when, and why the last one failed, in the step name', () => {
    const words = retryingWords(
      { nodeId: 'sync', attempt: 3, of: 6, nextAt: '2026-03-02T12:04:10Z', error: 'Billing answered 503' },
      'Sync to billing',
    );
    expect(words).toMatch(
      /^“Sync to billing” is being retried: attempt 3 of 6, next at .*\. Last error: Billing answered 503$/,
    );
    expect(words).toContain(
      new Date('2026-03-02T12:04:10Z').toLocaleTimeString(undefined, { timeStyle: 'medium' }),
    );
  });

  it('shortens a long error and names what the button does', () => {
    const long = retryingWords(
      { nodeId: 'x', attempt: 2, of: 6, nextAt: '2026-03-02T12:00:00Z', error: 'e'.repeat(1000) },
      'X',
    );
    expect(long.endsWith(`${'e'.repeat(300)}…`)).toBe(true);
    expect(retryLabel({ kind: 'step', nodeId: 'a', warning: null })).toBe('Retry this step');
    expect(retryLabel({ kind: 'now', nodeId: 'a', warning: null })).toBe('Retry now');
    expect(retryLabel({ kind: 'delivery', nodeId: 'a', warning: null })).toBe('Send again');
  });
});
