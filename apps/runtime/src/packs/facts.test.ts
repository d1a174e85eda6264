import { withPackFacts } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { type AskSandbox, PackFacts } from './facts.js';

describe('PackFacts.matches', () => {
  it('asks the sandbox once per (type, version, config, event, contact), inside a settle', async () => {
    const asked: unknown[] = [];
    const ask: AskSandbox = async (_op, _type, _version, payload) => {
      asked.push(payload);
      const { config, event } = payload as { config: { min: number }; event: { properties: { n: number } } };
      return { matches: event.properties.n >= config.min };
    };
    const facts = new PackFacts(ask);
    const event = (n: number) => ({ type: 'deal', properties: { n }, timestamp: '2026-01-01T00:00:00Z' });
    const contact = { id: 'c-1' };
    const decide = () =>
      [5, 50].map((n) => {
        const fact = facts.matches('x/on', 1, { config: { min: 10 }, event: event(n), contact });
        return fact && 'value' in fact ? fact.value : 'unknown';
      });
    expect(decide()).toEqual(['unknown', 'unknown']);
    expect(await withPackFacts(decide)).toEqual([false, true]);
    expect(await withPackFacts(decide)).toEqual([false, true]);
    // The first read outside a settle asked in the background; the settle found those answers.
    expect(asked).toHaveLength(2);
    const other = facts.matches('x/on', 1, { config: { min: 10 }, event: event(5), contact: { id: 'c-2' } });
    expect(other).toBeUndefined();
  });
});
