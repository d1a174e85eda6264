import type { VersionSummary as OperateVersion } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { versionRows } from './versionRows.js';

const v = (version: number): OperateVersion => ({
  version,
  hash: `abcdef0123456789-${version}`,
  message: `m${version}`,
  publishedBy: 'ana',
  publishedAt: '2026-11-20T10:00:00Z',
  active: version === 2,
  contacts: version * 10,
  segments: [],
  history: [],
});

describe('versionRows', () => {
  it('joins counts and says what activating each version means', () => {
    const rows = versionRows(
      [v(3), v(2), v(1)],
      [{ version: 2, contacts: 7, inJourney: 3, converted: 1, completed: 3, exited: 0, failed: 0 }],
      2,
      'active',
    );
    expect(rows.map((r) => [r.version, r.action, r.contacts, r.inJourney])).toEqual([
      // The insights' count where there is one (fresher), else the versions list's.
      [3, 'activate', 30, null],
      [2, 'active', 7, 3],
      [1, 'rollback', 10, null],
    ]);
    expect(rows[0]?.shortHash).toBe('abcdef01');
  });
  it('offers to re-activate the version a paused workflow stopped on', () => {
    expect(versionRows([v(2)], [], 2, 'paused')[0]?.action).toBe('activate');
  });
});
