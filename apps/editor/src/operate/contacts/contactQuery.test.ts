import { describe, expect, it } from 'vitest';
import {
  attributeRule,
  contactQuery,
  EMPTY_FILTERS,
  filtersFromSearch,
  searchOfFilters,
} from './contactQuery.js';

describe('contact search filters', () => {
  it('turns "attribute op value" into the JSONLogic the API takes', () => {
    expect(attributeRule('plan', 'is', 'pro')).toEqual({ '==': [{ var: 'contact.plan' }, 'pro'] });
    expect(attributeRule('contact.lead_score', 'gt', '50')).toEqual({
      '>': [{ var: 'contact.lead_score' }, 50],
    });
    expect(attributeRule('company', 'contains', 'Acme')).toEqual({
      in: ['Acme', { cat: [{ var: 'contact.company' }] }],
    });
    expect(attributeRule('phone', 'unset', '')).toEqual({ '!': [{ var: 'contact.phone' }] });
    expect(attributeRule('plan', 'is', ' ')).toBeNull();
    expect(attributeRule('', 'set', '')).toBeNull();
  });

  it('sends only what is set, and a step only with its journey', () => {
    expect(contactQuery({ ...EMPTY_FILTERS, q: ' ana@ ', nodeId: 'wait' })).toEqual({ q: 'ana@' });
    expect(
      contactQuery({ ...EMPTY_FILTERS, workflowId: 'w', nodeId: 'wait', attribute: 'plan', value: 'pro' }),
    ).toEqual({
      workflowId: 'w',
      nodeId: 'wait',
      filter: '{"==":[{"var":"contact.plan"},"pro"]}',
    });
  });

  it('round-trips through the URL', () => {
    const f = {
      ...EMPTY_FILTERS,
      q: 'ana',
      segment: 'warm',
      attribute: 'score',
      op: 'gt' as const,
      value: '5',
    };
    expect(filtersFromSearch(searchOfFilters(f))).toEqual(f);
    expect(searchOfFilters(EMPTY_FILTERS)).toBe('');
    expect(filtersFromSearch('?op=drop').op).toBe('is');
  });
});
