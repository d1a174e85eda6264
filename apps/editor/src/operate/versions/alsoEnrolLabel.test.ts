import { describe, expect, it } from 'vitest';
import { alsoEnrolLabel } from './alsoEnrolLabel.js';

describe('the activate dialog offer', () => {
  it('counts the contacts already in the segments, in the names typed', () => {
    expect(alsoEnrolLabel({ segments: ['hot-leads'], contacts: 1200 })).toBe(
      'Also enrol the 1,200 contacts already in the segment ‘hot-leads’',
    );
    expect(alsoEnrolLabel({ segments: ['hot-leads'], contacts: 1 })).toBe(
      'Also enrol the 1 contact already in the segment ‘hot-leads’',
    );
    expect(alsoEnrolLabel({ segments: ['a', 'b'], contacts: 0 })).toBe(
      'No contact is in the segments ‘a’ or ‘b’ yet',
    );
  });
});
