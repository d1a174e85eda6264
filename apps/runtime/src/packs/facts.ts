import { createHash } from 'node:crypto';
import type { LogicField, OutputSpec } from '@crossroads/graph-schema';
import { awaitBeforeReplay, EventTypes, type NodeDescription } from '@crossroads/nodes';
import { z } from 'zod';
import { PackExecutionError } from './sandbox/lane.js';

/**
 * What pack code computes from a config, asked of the sandbox once and kept as data, keyed by
 * (node type, version, hash of the config). Graph validation and compilation are synchronous:
 * they read these answers; when one is missing, the question is registered with the running
 * `withPackFacts`/settle, which asks the sandbox and replays (see `awaitBeforeReplay`). The host
 * never runs pack code to answer.
 */

const Output = z.strictObject({
  id: z.string().min(1).max(128),
  label: z.string().min(1).max(200),
  required: z.boolean().optional(),
});
const LogicFieldShape = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])).max(50),
  rule: z.unknown(),
  roots: z.array(z.string()).optional(),
});
const Computed = z.strictObject({
  outputs: z.array(Output).optional(),
  outputsError: z.string().optional(),
  logicFields: z.array(LogicFieldShape).max(200).optional(),
  logicFieldsError: z.string().optional(),
  listensTo: EventTypes.optional(),
  listensToError: z.string().optional(),
});
export type ComputedFact = {
  outputs?: OutputSpec[];
  outputsError?: string;
  logicFields?: LogicField[];
  logicFieldsError?: string;
  /** Triggers: the event types this config listens to. */
  listensTo?: string[];
  listensToError?: string;
};
const MatchesAnswer = z.strictObject({ matches: z.boolean() });

const Issue = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])).max(20),
  message: z.string().max(500),
});
const ParseAnswer = z.union([
  z.strictObject({ ok: z.literal(true), config: z.unknown() }),
  z.strictObject({ ok: z.literal(false), issues: z.array(Issue).max(50) }),
]);
export type ParseFact = { ok: true; config: unknown } | { ok: false; issues: z.infer<typeof Issue>[] };
const MigrateAnswer = z.strictObject({ config: z.record(z.string(), z.unknown()) });

/** An answer, or why the sandbox could not give one (time or memory limit, a thrown error…). */
export type Fact<T> = { value: T } | { failed: string };

export type AskSandbox = (
  op: 'parse' | 'outputs' | 'migrate' | 'matches',
  type: string,
  version: number,
  payload: unknown,
) => Promise<unknown>;

/** JSON with sorted keys: the same config always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
const hash = (value: unknown) => createHash('sha256').update(canonical(value)).digest('base64url');

export interface PackFactsOptions {
  maxEntries?: number;
  /** How many trigger answers (`matches`, one per event) are kept. */
  maxMatches?: number;
  /** How long a failure is remembered (a looping `outputs()` is not re-run on every request). */
  failureTtlMs?: number;
  /** A question the sandbox could not answer (logged by the host). */
  onFailed?(question: string, message: string): void;
}

type Cache = Map<string, { fact: Fact<unknown>; expires: number }>;

export class PackFacts {
  private readonly cache: Cache = new Map();
  /** Trigger answers, one per event: kept apart so they never push config facts out. */
  private readonly matchCache: Cache = new Map();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly maxEntries: number;
  private readonly maxMatches: number;
  private readonly failureTtlMs: number;

  constructor(
    private readonly ask: AskSandbox,
    private readonly options: PackFactsOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 20_000;
    this.maxMatches = options.maxMatches ?? 5_000;
    this.failureTtlMs = options.failureTtlMs ?? 60_000;
  }

  /** The config parsed by the node's schema (the sandbox's answer), if known. */
  parse(type: string, version: number, raw: unknown): Fact<ParseFact> | undefined {
    const key = `parse|${type}@${version}|${hash(raw)}`;
    return this.known(key, () => this.askParse(key, type, version, raw)) as Fact<ParseFact> | undefined;
  }

  /** Outputs, JSONLogic fields and (triggers) event types for a parsed config, if known. */
  computed(type: string, version: number, config: unknown): Fact<ComputedFact> | undefined {
    const key = this.computedKey(type, version, config);
    return this.known(key, () => this.askComputed(key, type, version, config)) as
      | Fact<ComputedFact>
      | undefined;
  }

  /** The same, waiting for the sandbox when needed (for async callers). */
  async computedNow(type: string, version: number, config: unknown): Promise<Fact<ComputedFact>> {
    const key = this.computedKey(type, version, config);
    const known = this.read(this.cache, key);
    if (known) return known as Fact<ComputedFact>;
    await this.fill(key, () => this.askComputed(key, type, version, config));
    return (this.read(this.cache, key) ?? {
      failed: `${type}@${version}: outputs unknown`,
    }) as Fact<ComputedFact>;
  }

  /** A config migrated by the node's migration `from` an older version, if known. */
  migrate(
    type: string,
    version: number,
    from: number,
    config: unknown,
  ): Fact<{ config: Record<string, unknown> }> | undefined {
    const key = `migrate|${type}@${version}|${from}|${hash(config)}`;
    return this.known(key, async () => {
      const answer = MigrateAnswer.parse(await this.ask('migrate', type, version, { from, config }));
      this.store(this.cache, key, { value: answer });
    }) as Fact<{ config: Record<string, unknown> }> | undefined;
  }

  /**
   * Whether a trigger's `matches(config, event, contact)` accepts the event, if known. Keyed by
   * everything it may read (the config, the event and the contact), so an event asked about again
   * (another journey with the same trigger, a retried ingest) is answered from here.
   */
  matches(
    type: string,
    version: number,
    request: { config: unknown; event: unknown; contact: unknown },
  ): Fact<boolean> | undefined {
    const key = `matches|${type}@${version}|${hash(request)}`;
    const fact = this.known(
      key,
      async () => {
        const answer = MatchesAnswer.parse(await this.ask('matches', type, version, request));
        this.store(this.matchCache, key, { value: answer.matches });
      },
      this.matchCache,
    );
    return fact as Fact<boolean> | undefined;
  }

  /** Answers for the defaults, computed at load, so the palette needs no sandbox call. */
  seed(description: NodeDescription): void {
    const { type, version, parsedDefaults } = description;
    if (parsedDefaults === undefined) return;
    this.store(this.cache, `parse|${type}@${version}|${hash(description.defaults)}`, {
      value: { ok: true, config: parsedDefaults },
    });
    this.store(this.cache, this.computedKey(type, version, parsedDefaults), {
      value: {
        outputs: description.outputsForDefaults,
        logicFields: description.logicFieldsForDefaults as LogicField[],
        ...(description.listensToForDefaults && { listensTo: description.listensToForDefaults }),
      },
    });
  }

  private computedKey(type: string, version: number, config: unknown) {
    return `computed|${type}@${version}|${hash(config)}`;
  }

  private async askParse(key: string, type: string, version: number, raw: unknown): Promise<void> {
    this.store(this.cache, key, { value: ParseAnswer.parse(await this.ask('parse', type, version, raw)) });
  }

  private async askComputed(key: string, type: string, version: number, config: unknown): Promise<void> {
    this.store(this.cache, key, { value: Computed.parse(await this.ask('outputs', type, version, config)) });
  }

  /** Known answer, or undefined after registering the question (with the settle, or in the background). */
  private known(key: string, ask: () => Promise<void>, cache = this.cache): Fact<unknown> | undefined {
    const hit = this.read(cache, key);
    if (hit) return hit;
    const work = () => this.fill(key, ask, cache);
    // Outside a settle the answer is fetched anyway, so the next synchronous read finds it.
    if (!awaitBeforeReplay(key, work)) void work();
    return undefined;
  }

  private read(cache: Cache, key: string): Fact<unknown> | undefined {
    const hit = cache.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      cache.delete(key);
      return undefined;
    }
    // Least recently used goes first: re-insert on use.
    cache.delete(key);
    cache.set(key, hit);
    return hit.fact;
  }

  private fill(key: string, ask: () => Promise<void>, cache = this.cache): Promise<void> {
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = ask()
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.options.onFailed?.(key.split('|').slice(0, 2).join(' '), message);
          // A sandbox that broke under another call is worth asking again; a limit or a throw is not, for a while.
          const transient = error instanceof PackExecutionError && error.kind === 'crashed';
          this.store(cache, key, { failed: message }, transient ? 0 : this.failureTtlMs);
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private store(cache: Cache, key: string, fact: Fact<unknown>, ttlMs = Number.POSITIVE_INFINITY): void {
    if (ttlMs <= 0) {
      // Still answer the replay that asked, once: then forget.
      cache.set(key, { fact, expires: Date.now() + 1_000 });
      return;
    }
    cache.delete(key);
    cache.set(key, { fact, expires: 'failed' in fact ? Date.now() + ttlMs : Number.POSITIVE_INFINITY });
    const max = cache === this.matchCache ? this.maxMatches : this.maxEntries;
    while (cache.size > max) cache.delete(cache.keys().next().value as string);
  }
}
