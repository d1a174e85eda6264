import { describe, expect, it } from 'vitest';
import { canRetry, handoffOwner, handoffStateLabel } from './handoffStates.js';

describe('handoff states and owners', () => {
  it('names states in words and retries only failed ones', () => {
    expect(handoffStateLabel('dead')).toBe('Failed');
    expect(handoffStateLabel('delivered-to-ledger')).toBe('Recorded');
    expect(handoffStateLabel('frozen')).toBe('frozen');
    expect([canRetry('dead'), canRetry('pending'), canRetry('sent')]).toEqual([true, false, false]);
  });

  it('reads the owner delivery resolved before the one the step named', () => {
    expect(handoffOwner({ delivery: { owner: 'ana@acme.io' }, assignment: { roundRobin: ['a', 'b'] } })).toBe(
      'ana@acme.io',
    );
    expect(handoffOwner({ delivery: null, assignment: { owner: 'bo@acme.io' } })).toBe('bo@acme.io');
    expect(handoffOwner({ delivery: null, assignment: { roundRobin: ['a', 'b'] } })).toBe('Round robin (2)');
    expect(handoffOwner({ delivery: null })).toBe('Unassigned');
  });
});
