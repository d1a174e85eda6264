import type { ActivationEvent } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { historyLine, segmentLine, staleSegments } from './versionFacts.js';

const event = (patch: Partial<ActivationEvent>): ActivationEvent => ({
  kind: 'activated',
  at: '2026-03-02T10:00:00Z',
  by: 'Ana (publisher)',
  reason: null,
  otherVersion: null,
  seq: 4,
  ...patch,
});
const when = () => 'Mar 2';

describe('version facts', () => {
  it('reads each step of a version’s life with who, what it replaced and why', () => {
    expect(historyLine(event({}), when)).toBe('Activated · Ana (publisher) · Mar 2');
    expect(historyLine(event({ otherVersion: 2, reason: 'fix subject' }), when)).toBe(
      'Activated, replacing v2 · Ana (publisher) · Mar 2: “fix subject”',
    );
    expect(historyLine(event({ kind: 'rolled-back', otherVersion: 3, reason: 'typo' }), when)).toBe(
      'Rolled back to this version, replacing v3 · Ana (publisher) · Mar 2: “typo”',
    );
    expect(historyLine(event({ kind: 'replaced', otherVersion: 3 }), when)).toBe(
      'Replaced by v3 · Ana (publisher) · Mar 2',
    );
    expect(historyLine(event({ kind: 'paused', reason: 'copy review' }), when)).toBe(
      'Paused · Ana (publisher) · Mar 2: “copy review”',
    );
  });

  it('says which segment revision a version uses and that a newer one exists', () => {
    const pins = [
      { name: 'hot-leads', revision: 3, latestRevision: 4 },
      { name: 'vip', revision: 1, latestRevision: 1 },
    ];
    expect(pins.map(segmentLine)).toEqual([
      "uses segment 'hot-leads' rev 3; rev 4 exists",
      "uses segment 'vip' rev 1",
    ]);
    expect(staleSegments(pins).map((p) => p.name)).toEqual(['hot-leads']);
  });
});
