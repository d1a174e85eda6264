import { describe, expect, it } from 'vitest';
import { awaitBeforeReplay, withPackFacts } from './settleAsyncNodes.js';

/** A cache filled asynchronously, as the runtime's pack facts are (by the sandbox). */
function slowCache() {
  const known = new Map<string, number>();
  let asked = 0;
  const read = (key: string): number | undefined => {
    const value = known.get(key);
    if (value !== undefined) return value;
    awaitBeforeReplay(key, async () => {
      asked++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      known.set(key, key.length);
    });
    return undefined;
  };
  return { read, asked: () => asked };
}

describe('withPackFacts', () => {
  it('replays a synchronous function until every answer it asked for is known, asking each once', async () => {
    const cache = slowCache();
    let runs = 0;
    const result = await withPackFacts(() => {
      runs++;
      return ['a', 'bb', 'ccc'].map((key) => cache.read(key) ?? -1);
    });
    expect(result).toEqual([1, 2, 3]);
    expect(runs).toBe(2);
    expect(cache.asked()).toBe(3);
  });

  it('replays a function that threw only because an answer was missing, and rethrows real errors', async () => {
    const cache = slowCache();
    await expect(
      withPackFacts(() => {
        const value = cache.read('key');
        if (value === undefined) throw new Error('not checked yet');
        return value;
      }),
    ).resolves.toBe(3);
    await expect(
      withPackFacts(() => {
        throw new Error('a real error');
      }),
    ).rejects.toThrow('a real error');
  });

  it('outside a settle, registers nothing', () => {
    expect(awaitBeforeReplay('k', async () => {})).toBe(false);
  });
});
