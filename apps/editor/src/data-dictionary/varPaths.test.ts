import { describe, expect, it } from 'vitest';
import { mergePaths, varsIn } from './varPaths.js';

describe('varsIn', () => {
  it('finds var paths in nested configs, including the [path, default] form', () => {
    const config = {
      branches: [
        {
          rule: {
            and: [{ '>': [{ var: 'contact.lead_score' }, 80] }, { var: ['event.properties.plan', 'free'] }],
          },
        },
      ],
    };
    expect([...varsIn(config)].sort()).toEqual(['contact.lead_score', 'event.properties.plan']);
  });
  it('merges and sorts without duplicates', () => {
    expect(mergePaths(['b', 'a'], new Set(['a', 'c']))).toEqual(['a', 'b', 'c']);
  });
});
