import { describe, expect, it } from 'vitest';
import { groupCommits } from './groupCommit.js';

/** A commit that records what it was given and finishes when `release` is called. */
function recorder(
  fail?: (items: readonly number[]) => unknown,
  splittable?: (error: unknown) => boolean,
  committers?: number,
) {
  const commits: number[][] = [];
  const gates: Array<() => void> = [];
  const group = groupCommits<number, string>({
    commit: async (_lane, items) => {
      commits.push([...items]);
      await new Promise<void>((resolve) => gates.push(resolve));
      const error = fail?.(items);
      if (error) throw error;
      return items.map((n) => `ok ${n}`);
    },
    weight: (n) => n,
    maxWeight: 10,
    ...(splittable && { splittable }),
    ...(committers && { committers }),
  });
  const releaseAll = async () => {
    for (let i = 0; i < 50 && (gates.length > 0 || group.waiting() > 0); i++) {
      gates.splice(0).forEach((open) => {
        open();
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { group, commits, releaseAll };
}

describe('groupCommits (leader/follower)', () => {
  it('commits an item at once when nothing is committing, and the ones that queue meanwhile together', async () => {
    const { group, commits, releaseAll } = recorder();
    const first = group.submit('ws', 1);
    // The first commit started before anything else arrived: no waiting at low rates.
    expect(commits).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => group.submit('ws', n));
    expect(commits).toEqual([[1]]);
    await releaseAll();
    expect(await Promise.all([first, ...rest])).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4']);
    expect(commits).toEqual([[1], [2, 3, 4]]);
  });

  it('with two committers, the second arrival commits at once and the rest group behind both', async () => {
    const { group, commits, releaseAll } = recorder(undefined, undefined, 2);
    const all = [1, 2, 3, 3, 3].map((n) => group.submit('ws', n));
    // 1 and 2 each found a free committer; the 3s wait for the first to finish and go together.
    expect(commits).toEqual([[1], [2]]);
    await releaseAll();
    expect(await Promise.all(all)).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 3', 'ok 3']);
    expect(commits).toEqual([[1], [2], [3, 3, 3]]);
    expect(group.waiting()).toBe(0);
  });

  it('keeps lanes apart and a commit within its weight (an item heavier than that goes alone)', async () => {
    const { group, commits, releaseAll } = recorder();
    const all = [group.submit('a', 1), group.submit('b', 1), group.submit('a', 6), group.submit('a', 5)];
    all.push(group.submit('a', 12), group.submit('a', 2));
    await releaseAll();
    expect(await Promise.all(all)).toEqual(['ok 1', 'ok 1', 'ok 6', 'ok 5', 'ok 12', 'ok 2']);
    // a: 1 at once (leader); then 6 (6 + 5 passes 10); 5; 12 alone (heavier than a commit); 2.
    expect(commits).toEqual([[1], [1], [6], [5], [12], [2]]);
  });

  it('commits a failed group again in halves, down to one: only the bad item fails', async () => {
    const bad = new Error('constraint nobody expected');
    const { group, commits, releaseAll } = recorder((items) => (items.includes(3) ? bad : undefined));
    const first = group.submit('ws', 1);
    // Watched from the start: the bad one is refused before the others are answered.
    const settled = Promise.allSettled([first, ...[2, 3, 4].map((n) => group.submit('ws', n))]);
    await releaseAll();
    expect(
      (await settled).map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
    ).toEqual(['ok 1', 'ok 2', 'constraint nobody expected', 'ok 4']);
    expect(commits).toEqual([[1], [2, 3, 4], [2, 3], [2], [3], [4]]);
    expect(group.waiting()).toBe(0);
  });

  it('fails the whole group at once, without splitting, when the database is gone (nobody is at fault)', async () => {
    const gone = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { group, commits, releaseAll } = recorder(
      (items) => (items.length > 1 ? gone : undefined),
      (error) => (error as { code?: string }).code !== 'ECONNREFUSED',
    );
    const settled = Promise.allSettled([1, 2, 3, 4].map((n) => group.submit('ws', n)));
    await releaseAll();
    expect((await settled).map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect(commits).toEqual([[1], [2, 3, 4]]);
  });
});
