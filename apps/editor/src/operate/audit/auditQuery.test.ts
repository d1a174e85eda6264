import { describe, expect, it } from 'vitest';
import { auditQuery, detailLine, EMPTY_FILTERS } from './auditQuery.js';

describe('auditQuery', () => {
  it('leaves empty filters out', () => {
    expect(auditQuery(EMPTY_FILTERS)).toBe('');
  });
  it('sends actor, action prefix, workflow and ISO instants', () => {
    const q = new URLSearchParams(
      auditQuery(
        { actor: ' ana ', action: 'workflow.*', workflowId: 'w1', from: '2026-11-20T10:00', to: '' },
        { format: 'csv', limit: 50 },
      ),
    );
    expect(q.get('actor')).toBe('ana');
    expect(q.get('action')).toBe('workflow.*');
    expect(q.get('workflowId')).toBe('w1');
    expect(q.get('from')).toBe(new Date('2026-11-20T10:00').toISOString());
    expect(q.get('format')).toBe('csv');
    expect(q.get('limit')).toBe('50');
  });
  it('names the field of a bad date', () => {
    expect(() => auditQuery({ ...EMPTY_FILTERS, to: 'soon' })).toThrow(/^to:/);
  });
});

describe('detailLine', () => {
  it('puts the reason first', () => {
    expect(detailLine({ toVersion: 1, reason: 'broke handoffs', rollback: true })).toBe(
      'reason: “broke handoffs” · toVersion: 1 · rollback: true',
    );
  });
});
