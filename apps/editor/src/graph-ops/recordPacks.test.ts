import { describe, expect, it } from 'vitest';
import { graphOf, node } from '../test-support/graphs.js';
import { type PackOf, recordPacks } from './recordPacks.js';

const packOf: PackOf = (type) =>
  type === 'ab-split/split' ? { name: '@crossroads-examples/ab-split', version: '0.1.0' } : undefined;

describe('recordPacks', () => {
  it('records the pack of a pack node as ^version; built-ins need no entry', () => {
    const g = graphOf([node('t', 'trigger'), node('s', 'ab-split/split')]);
    expect(recordPacks(g, packOf).packs).toEqual({ '@crossroads-examples/ab-split': '^0.1.0' });
  });

  it('keeps a range already recorded and returns the same graph when nothing is new', () => {
    const g = {
      ...graphOf([node('s', 'ab-split/split')]),
      packs: { '@crossroads-examples/ab-split': '~0.1.0' },
    };
    expect(recordPacks(g, packOf)).toBe(g);
    const builtinsOnly = graphOf([node('t', 'trigger')]);
    expect(recordPacks(builtinsOnly, packOf)).toBe(builtinsOnly);
  });
});
