import { describe, expect, it } from 'vitest';
import { addArm, evenShares, removeArm, sharesProblem } from './arms.js';

const two = [
  { id: 'arm-a', label: 'A', weight: 50 },
  { id: 'arm-b', label: 'B', weight: 50 },
];

describe('split arms', () => {
  it('splits shares evenly in whole percentages adding up to 100', () => {
    expect(evenShares(3)).toEqual([34, 33, 33]);
    expect(evenShares(5)).toEqual([20, 20, 20, 20, 20]);
  });

  it('adds an arm with a fresh hidden id and the next letter, and removes one', () => {
    const three = addArm(two);
    expect(three.map((a) => [a.label, a.weight])).toEqual([
      ['A', 34],
      ['B', 33],
      ['C', 33],
    ]);
    expect(new Set(three.map((a) => a.id)).size).toBe(3);
    expect(addArm([{ ...two[0]!, label: 'Plain subject' }, two[1]!]).at(-1)?.label).toBe('Arm 3');
    expect(removeArm(three, 0).map((a) => [a.id, a.weight])).toEqual([
      ['arm-b', 50],
      [three[2]?.id, 50],
    ]);
  });

  it('says when the shares do not add up to 100', () => {
    expect(sharesProblem(two)).toBeNull();
    expect(sharesProblem([{ ...two[0]!, weight: 40 }, two[1]!])).toBe(
      "the arms' shares add up to 90%: make them add up to 100%",
    );
  });
});
