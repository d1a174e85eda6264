import { describe, expect, it } from 'vitest';
import { plainRender } from './plainRender.js';

describe('plainRender', () => {
  it('fills variables, applies default and drops tags', () => {
    const data = { contact: { first_name: 'Ada', score: 3 } };
    expect(plainRender("Hi {{ contact.first_name | default: 'there' }}{% if x %}!{% endif %}", data)).toBe(
      'Hi Ada!',
    );
    expect(plainRender("Hi {{ contact.last_name | default: 'friend' }}", data)).toBe('Hi friend');
    expect(plainRender('{{contact.score}}', data)).toBe('3');
  });
  it('escapes values and never reads inherited properties', () => {
    expect(plainRender('{{ contact.x }}', { contact: { x: '<b>' } })).toBe('&#60;b&#62;');
    expect(plainRender('{{ contact.constructor }}', { contact: {} })).toBe('');
  });
});
