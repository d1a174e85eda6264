import { newBranchId } from '@crossroads/nodes';

/** One experiment arm as the split step stores it: the id is generated and never shown. */
export interface Arm {
  id: string;
  label: string;
  weight: number;
}

/** Whole percentages adding up to 100 for `n` arms, the remainder on the first ones (34/33/33). */
export function evenShares(n: number): number[] {
  const base = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => base + (i < 100 - base * n ? 1 : 0));
}

/** The sum of the arms' shares, which the editor asks to be exactly 100. */
export const sharesTotal = (arms: readonly Arm[]) =>
  arms.reduce((sum, a) => sum + (Number(a.weight) || 0), 0);

/** What is wrong with the shares, in words, or null when they add up to 100. */
export function sharesProblem(arms: readonly Arm[]): string | null {
  const total = sharesTotal(arms);
  return total === 100 ? null : `the arms' shares add up to ${total}%: make them add up to 100%`;
}

/**
 * A next arm with a fresh id, named after the letters (A, B → C) while the arms are letters, else
 * "Arm 3"; shares split evenly again.
 */
export function addArm(arms: readonly Arm[]): Arm[] {
  const taken = new Set(arms.map((a) => a.label.trim().toUpperCase()));
  const letters = [...taken].every((l) => /^[A-Z]$/.test(l));
  let n = arms.length + 1;
  while (taken.has(`ARM ${n}`)) n++;
  const label = (letters && 'ABCDEFGHIJ'.split('').find((l) => !taken.has(l))) || `Arm ${n}`;
  const next = [...arms, { id: newBranchId(arms.map((a) => a.id)), label, weight: 0 }];
  return rebalance(next);
}

/** Removes an arm (the line leaving it goes too); shares split evenly again. */
export const removeArm = (arms: readonly Arm[], index: number) =>
  rebalance(arms.filter((_, i) => i !== index));

/** The same arms with even shares. */
export function rebalance(arms: readonly Arm[]): Arm[] {
  const shares = evenShares(arms.length);
  return arms.map((a, i) => ({ ...a, weight: shares[i] ?? 0 }));
}
