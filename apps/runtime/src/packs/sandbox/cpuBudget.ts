const SECOND_MS = 1_000;
const WINDOW_SECONDS = 60;

/**
 * One pack's CPU over the last minute, per node type, in one-second buckets. When the pack has used
 * more than its budget, the node types that used more than an even share of it are refused until
 * enough of the minute has passed; the pack's other node types carry on (one runaway node never
 * fails its siblings).
 *
 * @example
 * ```ts
 * const budget = new CpuBudget('@acme/crm', 20_000);
 * budget.charge('crm/lookup@1', 950);
 * budget.refusal('crm/lookup@1'); // undefined while within budget
 * ```
 */
export class CpuBudget {
  /** second (epoch) → node type → ms */
  private readonly buckets = new Map<number, Map<string, number>>();

  constructor(
    private readonly pack: string,
    private readonly msPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  charge(node: string, ms: number): void {
    if (!(ms > 0)) return;
    const second = Math.floor(this.now() / SECOND_MS);
    let bucket = this.buckets.get(second);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(second, bucket);
      for (const old of this.buckets.keys()) if (old <= second - WINDOW_SECONDS) this.buckets.delete(old);
    }
    const type = typeOf(node);
    bucket.set(type, (bucket.get(type) ?? 0) + ms);
  }

  /** Why a call of `node` is refused now, or undefined when it may run. */
  refusal(node: string): string | undefined {
    const since = Math.floor(this.now() / SECOND_MS) - WINDOW_SECONDS;
    let total = 0;
    const byType = new Map<string, number>();
    for (const [second, bucket] of this.buckets) {
      if (second <= since) continue;
      for (const [type, ms] of bucket) {
        total += ms;
        byType.set(type, (byType.get(type) ?? 0) + ms);
      }
    }
    if (total <= this.msPerMinute) return undefined;
    const type = typeOf(node);
    const own = byType.get(type) ?? 0;
    if (own <= this.msPerMinute / byType.size) return undefined;
    return `${type} used ${Math.round(own)} ms of CPU in the last minute; pack ${this.pack} may use ${this.msPerMinute} ms per minute, so its calls are refused for now`;
  }
}

const typeOf = (node: string) => node.replace(/@\d+$/, '');
