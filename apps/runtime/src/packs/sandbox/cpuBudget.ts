const MINUTE_MS = 60_000;

/**
 * One pack's CPU over the last minute, per node type. When the pack has used more than its budget,
 * the node types that used more than an even share of it are refused until the minute has passed;
 * the pack's other node types carry on (one runaway node never fails its siblings).
 *
 * @example
 * ```ts
 * const budget = new CpuBudget('@acme/crm', 20_000);
 * budget.charge('crm/lookup@1', 950);
 * budget.refusal('crm/lookup@1'); // undefined while within budget
 * ```
 */
export class CpuBudget {
  private spent: Array<{ at: number; type: string; ms: number }> = [];

  constructor(
    private readonly pack: string,
    private readonly msPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  charge(node: string, ms: number): void {
    if (ms > 0) this.spent.push({ at: this.now(), type: typeOf(node), ms });
  }

  /** Why a call of `node` is refused now, or undefined when it may run. */
  refusal(node: string): string | undefined {
    const since = this.now() - MINUTE_MS;
    while (this.spent.length > 0 && this.spent[0]!.at < since) this.spent.shift();
    let total = 0;
    const byType = new Map<string, number>();
    for (const entry of this.spent) {
      total += entry.ms;
      byType.set(entry.type, (byType.get(entry.type) ?? 0) + entry.ms);
    }
    if (total <= this.msPerMinute) return undefined;
    const type = typeOf(node);
    const own = byType.get(type) ?? 0;
    if (own <= this.msPerMinute / byType.size) return undefined;
    return `${type} used ${Math.round(own)} ms of CPU in the last minute; pack ${this.pack} may use ${this.msPerMinute} ms per minute, so its calls are refused for now`;
  }
}

const typeOf = (node: string) => node.replace(/@\d+$/, '');
