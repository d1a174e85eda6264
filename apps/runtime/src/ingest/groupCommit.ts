/**
 * How a lane commits: all the items it took at once, one answer per item in their order (or it
 * throws, and then each is committed alone). `weight`: what one item counts towards `maxWeight`.
 */
export interface GroupCommitOptions<T, R> {
  commit: (lane: string, items: readonly T[]) => Promise<R[]>;
  weight: (item: T) => number;
  /** Most weight one commit takes (at least one item, whatever its weight). */
  maxWeight: number;
  /**
   * Commits a lane runs at once (default 1). With 2, an item that arrives while one commit waits for
   * its flush starts the next at once instead of waiting a whole commit, and groups still form
   * once both are busy.
   */
  committers?: number;
  /**
   * Whether a failure may be one item's doing, worth committing again in halves (default: any).
   * One that is nobody's (the database is gone) fails every item at once instead.
   */
  splittable?: (error: unknown) => boolean;
  /** Told when a shared commit failed and its items are committed again in halves. */
  onSplit?: (lane: string, items: number, error: unknown) => void;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface Lane<T, R> {
  queue: Pending<T, R>[];
  committing: number;
}

/**
 * Group commit, leader/follower: per lane (a workspace), when nothing is committing an item is
 * committed at once (no added latency at low rates); while a commit runs, arriving items queue
 * and the next commit takes all of them together (up to `maxWeight`). Each caller gets its own
 * answer. A shared commit that fails is not anyone's failure yet: its items are committed again in
 * halves, down to one by one, so one bad item fails alone and its neighbours are stored. The commit itself retries what
 * is worth retrying (deadlocks) before it throws.
 *
 * @example
 * const group = groupCommits({ commit: (ws, reqs) => storeAll(ws, reqs), weight: (r) => r.length, maxWeight: 1000 });
 * const answer = await group.submit(workspaceId, events);
 */
export function groupCommits<T, R>(options: GroupCommitOptions<T, R>) {
  const lanes = new Map<string, Lane<T, R>>();

  const take = (lane: Lane<T, R>): Pending<T, R>[] => {
    let weight = 0;
    let n = 0;
    while (n < lane.queue.length) {
      const next = options.weight(lane.queue[n]!.item);
      if (n > 0 && weight + next > options.maxWeight) break;
      weight += next;
      n++;
    }
    return lane.queue.splice(0, n);
  };

  const commitGroup = async (name: string, group: Pending<T, R>[]) => {
    try {
      const results = await options.commit(
        name,
        group.map((p) => p.item),
      );
      group.forEach((p, i) => {
        p.resolve(results[i] as R);
      });
    } catch (error) {
      if (group.length === 1 || options.splittable?.(error) === false) {
        for (const pending of group) pending.reject(error);
        return;
      }
      options.onSplit?.(name, group.length, error);
      // In halves, down to one by one: one bad item among n costs about 2·log2(n) more commits
      // and fails alone, where one commit per item would cost n. One half after the other: they
      // cannot deadlock each other.
      const half = Math.ceil(group.length / 2);
      await commitGroup(name, group.slice(0, half));
      await commitGroup(name, group.slice(half));
    }
  };

  const drain = async (name: string, lane: Lane<T, R>) => {
    lane.committing++;
    try {
      while (lane.queue.length > 0) await commitGroup(name, take(lane));
    } finally {
      lane.committing--;
      if (lane.committing === 0 && lane.queue.length === 0) lanes.delete(name);
    }
  };

  return {
    submit(name: string, item: T): Promise<R> {
      let lane = lanes.get(name);
      if (!lane) {
        lane = { queue: [], committing: 0 };
        lanes.set(name, lane);
      }
      const result = new Promise<R>((resolve, reject) => lane.queue.push({ item, resolve, reject }));
      if (lane.committing < (options.committers ?? 1)) void drain(name, lane);
      return result;
    },
    /** Items waiting for a commit, all lanes (tests). */
    waiting: () => [...lanes.values()].reduce((n, lane) => n + lane.queue.length, 0),
  };
}
