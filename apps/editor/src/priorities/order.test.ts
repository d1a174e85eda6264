import { describe, expect, it } from 'vitest';
import { contactsWord, moveItem, overlapSentence } from './order.js';

describe('group order', () => {
  it('moves an item up, down and to either end, leaving the input alone', () => {
    const list = ['a', 'b', 'c', 'd'];
    expect(moveItem(list, 2, 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(moveItem(list, 0, 1)).toEqual(['b', 'a', 'c', 'd']);
    expect(moveItem(list, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(list, 0, -1)).toEqual(list);
    expect(moveItem(list, 3, 9)).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });

  it('says the overlap in words', () => {
    expect(contactsWord(0)).toBe('no contacts');
    expect(contactsWord(1)).toBe('1 contact');
    expect(overlapSentence("'Trial'", "'Upsell'", 1200)).toBe(
      "1,200 contacts qualified for both 'Trial' and 'Upsell' in the last 30 days.",
    );
  });
});
