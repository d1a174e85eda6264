import type { AuditEntry, AuditVerification } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { auditQuery, chainLine, EMPTY_FILTERS, exportEntry } from './auditQuery.js';

describe('auditQuery', () => {
  it('leaves empty filters out', () => {
    expect(auditQuery(EMPTY_FILTERS)).toBe('');
  });
  it('sends actor, action prefix, workflow, ISO instants and the cursor', () => {
    const q = new URLSearchParams(
      auditQuery(
        { actor: ' ana ', action: 'workflow.*', workflowId: 'w1', from: '2026-11-20T10:00', to: '' },
        { format: 'csv', limit: 50, cursor: '10' },
      ),
    );
    expect(q.get('actor')).toBe('ana');
    expect(q.get('action')).toBe('workflow.*');
    expect(q.get('workflowId')).toBe('w1');
    expect(q.get('from')).toBe(new Date('2026-11-20T10:00').toISOString());
    expect(q.get('format')).toBe('csv');
    expect(q.get('limit')).toBe('50');
    expect(q.get('cursor')).toBe('10');
  });
  it('names the field of a bad date', () => {
    expect(() => auditQuery({ ...EMPTY_FILTERS, to: 'soon' })).toThrow(/^to:/);
  });
});

describe('exportEntry', () => {
  it('puts the page’s columns first, then the raw entry', () => {
    const entry: AuditEntry = {
      id: '7',
      seq: 3,
      at: '2026-11-20T10:00:00Z',
      actor: 'Ana (3f2a9c1e)',
      actorRole: 'publisher',
      who: 'Ana (publisher)',
      action: 'workflow.paused',
      workflowId: null,
      workflowName: null,
      subject: 'v2',
      details: { version: 2 },
      sentence: 'Ana (publisher) paused a journey v2',
      prevHash: 'a',
      hash: 'b',
    };
    expect(Object.keys(exportEntry(entry)).slice(0, 5)).toEqual(['entry', 'at', 'who', 'what', 'journey']);
    expect(exportEntry(entry)).toMatchObject({ entry: 3, what: entry.sentence, details: { version: 2 } });
  });
});

describe('chainLine', () => {
  const base: AuditVerification = {
    ok: true,
    entries: 42,
    verifiedUpTo: 42,
    headHash: 'ff',
    firstBroken: null,
    checkedAt: '2026-11-20T10:00:00Z',
  };
  it('says how far the chain holds', () => {
    expect(chainLine(base)).toBe('Chain verified up to entry 42 (all 42 entries): complete and unaltered.');
    expect(
      chainLine({
        ...base,
        ok: false,
        verifiedUpTo: 2,
        firstBroken: {
          seq: 3,
          id: '9',
          reason: 'content-changed',
          detail: 'Entry 3 was changed after it was written',
        },
      }),
    ).toBe('Chain verified up to entry 2 only. Entry 3 was changed after it was written.');
  });
});
