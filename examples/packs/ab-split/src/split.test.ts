import { runNode } from '@crossroads/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import pack from './index.js';
import { chooseBranch, type SplitConfig, splitNode } from './split.js';

const config = (weights: number[], salt = 'salt'): SplitConfig => ({
  salt,
  branches: weights.map((weight, index) => ({ id: `b${index}`, label: `B${index}`, weight })),
});

describe('ab-split/split', () => {
  it('sends the same contact down the same branch every time, and reshuffles with another salt', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), async (id, salt) => {
        const first = await runNode(splitNode, { config: config([1, 1, 1], salt), contact: { id } });
        const again = await runNode(splitNode, { config: config([1, 1, 1], salt), contact: { id } });
        expect(again).toEqual(first);
      }),
      { numRuns: 200 },
    );
    const branches = (salt: string) =>
      Array.from({ length: 200 }, (_, i) => chooseBranch(config([1, 1], salt), `c-${i}`).branch.id);
    expect(branches('one')).not.toEqual(branches('two'));
  });

  it('splits contacts in proportion to the weights (within 3 points over 20,000 contacts)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 5 })
          .filter((w) => w.some((x) => x > 0)),
        fc.string(),
        (weights, salt) => {
          const counts = new Map<string, number>();
          const contacts = 20_000;
          for (let i = 0; i < contacts; i++) {
            const id = chooseBranch(config(weights, salt), `contact-${i}`).branch.id;
            counts.set(id, (counts.get(id) ?? 0) + 1);
          }
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((weight, index) => {
            const share = (counts.get(`b${index}`) ?? 0) / contacts;
            if (weight === 0) expect(share).toBe(0);
            else expect(Math.abs(share - weight / total)).toBeLessThan(0.03);
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('has one output per branch and explains its choice', async () => {
    const cfg = config([3, 1]);
    expect(splitNode.outputsFor(cfg).map((output) => output.id)).toEqual(['b0', 'b1']);
    expect(splitNode.outputsFor(cfg)[0]?.label).toBe('B0 (75%)');
    const decision = await runNode(splitNode, { config: cfg, contact: { id: 'c-1' } });
    expect(decision.reason?.summary).toMatch(/^Branch 'B[01]' \((75|25)% of contacts\)$/);
  });

  it('refuses a config with duplicate ids or no weight, naming the field', async () => {
    await expect(
      runNode(splitNode, {
        config: {
          salt: '',
          branches: [
            { id: 'a', label: 'A', weight: 0 },
            { id: 'b', label: 'B', weight: 0 },
          ],
        },
      }),
    ).rejects.toThrow(/branches/);
    await expect(
      runNode(splitNode, {
        config: {
          salt: '',
          branches: [
            { id: 'a', label: 'A', weight: 1 },
            { id: 'a', label: 'B', weight: 1 },
          ],
        },
      }),
    ).rejects.toThrow(/branch ids must differ/);
  });

  it('is a pack whose name and version match package.json', () => {
    expect(pack.name).toBe(packageJson.name);
    expect(pack.version).toBe(packageJson.version);
    expect(pack.nodes.map((node) => node.type)).toEqual(['ab-split/split']);
  });
});
