import { describe, expect, it } from 'vitest';
import { readVar, readVars } from './read-var.js';
import { logicVars } from './vars.js';

describe('logicVars', () => {
  it('lists var, missing and missing_some paths once, in reading order', () => {
    const rule = {
      and: [
        { '>': [{ var: 'contact.lead_score' }, 80] },
        { '<': [{ var: ['contact.lead_score', 0] }, { var: 'event.value' }] },
        { missing: ['contact.email', ['contact.phone', '']] },
        { missing_some: [1, ['contact.a', 'contact.b']] },
        { var: 2 },
      ],
    };
    expect(logicVars(rule)).toEqual([
      'contact.lead_score',
      'event.value',
      'contact.email',
      'contact.phone',
      'contact.a',
      'contact.b',
      '2',
    ]);
  });

  it('leaves out element-relative paths and paths computed at run time', () => {
    const rule = { all: [{ var: 'event.items' }, { '>': [{ var: 'price' }, 0] }] };
    expect(logicVars(rule)).toEqual(['event.items']);
    expect(logicVars({ var: { cat: ['contact.', 'x'] } })).toEqual([]);
    expect(logicVars({ var: '' })).toEqual(['']);
  });
});

describe('readVars', () => {
  const data = { contact: { lead_score: 92, tags: ['a', 'b'] }, event: null };

  it('reads what var would read, with null for missing values', () => {
    expect(readVars(['contact.lead_score', 'contact.tags.1', 'contact.plan', 'event.page'], data)).toEqual({
      'contact.lead_score': 92,
      'contact.tags.1': 'b',
      'contact.plan': null,
      'event.page': null,
    });
  });

  it('keeps a path named __proto__ as an own key and reads nothing through it', () => {
    const out = readVars(['__proto__', 'contact.constructor'], data);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBeNull();
    expect(out['contact.constructor']).toBeNull();
  });

  it('reads the whole data for an empty path, like var', () => {
    expect(readVar(data, '')).toBe(data);
    expect(readVars([''], undefined)).toEqual({ '': null });
  });
});
