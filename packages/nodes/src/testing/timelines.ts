import { type Graph, GraphSettings, type LogicRule, logicVars } from '@crossroads/graph-schema';
import fc from 'fast-check';
import { eventTypeFields, ruleFields, segmentFields } from '../fields/nodeFields.js';
import { compileJourney } from '../journey/compile.js';
import type { SimulatedEvent } from '../journey/simulate.js';
import type { ContactData } from '../sdk/decision.js';
import type { Registry } from '../sdk/registry.js';

/**
 * What random timelines for one journey draw from: the event types it reacts to, and the values
 * its rules compare event properties and contact attributes with.
 */
export interface JourneyVocabulary {
  /** Event types: the trigger's, the waits', the goal's, and one nothing listens to. */
  eventTypes: string[];
  /** `properties.<key>` → values worth trying. */
  eventProperties: Record<string, ValueChoices>;
  /** Contact attribute → values worth trying. */
  contactAttributes: Record<string, ValueChoices>;
}

/** Values for one variable: the constants rules compare it with, and near misses (`undefined`: absent). */
export interface ValueChoices {
  constants: unknown[];
  others: unknown[];
}

/** An event type no journey listens to: noise every timeline may contain. */
export const UNRELATED_EVENT = 'noise.unrelated';

const isPrimitive = (value: unknown) => value !== null && typeof value !== 'object' && value !== undefined;

/** The variable an argument reads, when it is a plain `{ var: 'path' }`. */
function varOf(arg: unknown): string | undefined {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  const path = (arg as { var?: unknown }).var;
  const name = Array.isArray(path) ? path[0] : path;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Each variable a rule compares with constants, with those constants: `{ '>=': [{ var: 'x' }, 80] }`
 * gives `x → [80]`; `{ in: [{ var: 'x' }, ['a', 'b']] }` gives `x → ['a', 'b']`.
 */
function comparisons(rule: unknown, out: Array<[string, unknown[]]> = []): Array<[string, unknown[]]> {
  if (Array.isArray(rule)) for (const item of rule) comparisons(item, out);
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return out;
  for (const [op, raw] of Object.entries(rule)) {
    if (op === 'var') continue;
    const args = Array.isArray(raw) ? raw : [raw];
    const constants = args.flatMap((arg) =>
      isPrimitive(arg) ? [arg] : Array.isArray(arg) ? arg.filter(isPrimitive) : [],
    );
    for (const arg of args) {
      const name = varOf(arg);
      if (name !== undefined) out.push([name, constants]);
      else comparisons(arg, out);
    }
  }
  return out;
}

/** The values to try for a variable compared with these constants: each, its neighbours, a miss. */
function choices(constants: readonly unknown[]): ValueChoices {
  const others = new Set<unknown>(['other', undefined]);
  for (const value of constants) {
    if (typeof value === 'number') {
      others.add(value - 1);
      others.add(value + 1);
    }
  }
  return { constants: [...new Set(constants)], others: [...others].filter((v) => !constants.includes(v)) };
}

function collect(target: Record<string, Set<unknown>>, key: string, values: readonly unknown[]) {
  const set = target[key] ?? new Set<unknown>();
  for (const value of values) set.add(value);
  target[key] = set;
}

const toLists = (sets: Record<string, Set<unknown>>) =>
  Object.fromEntries(Object.entries(sets).map(([key, set]) => [key, choices([...set])]));

/**
 * The vocabulary of a journey, read through its node types' field metadata: event types from
 * `event-type` fields and the trigger's `listensTo`, segment names, and the constants of every
 * `rule` field and of the goal.
 *
 * @example
 * ```ts
 * journeyVocabulary(graph, builtinRegistry).eventTypes; // ['page.viewed', 'email.opened', 'noise.unrelated']
 * ```
 */
export function journeyVocabulary(graph: Graph, registry: Registry): JourneyVocabulary {
  const journey = compileJourney(graph, registry);
  const types = new Set<string>(journey.triggerEvents);
  const properties: Record<string, Set<unknown>> = {};
  const attributes: Record<string, Set<unknown>> = {};
  const rules: LogicRule[] = [];
  for (const node of journey.nodes.values()) {
    for (const type of eventTypeFields(node.definition, node.config)) types.add(type);
    for (const { rule } of ruleFields(node.definition, node.config)) rules.push(rule);
    for (const { name } of segmentFields(node.definition, node.config))
      collect(properties, 'segment', [name]);
  }
  const goal = GraphSettings.parse(graph.settings ?? {}).goal;
  if (goal) {
    types.add(goal.event);
    if (goal.where !== undefined) rules.push(goal.where);
  }
  const compared = rules.flatMap((rule) => [
    ...comparisons(rule),
    ...logicVars(rule).map((path): [string, unknown[]] => [path, []]),
  ]);
  for (const [path, constants] of compared) {
    const [root, second, third] = path.split('.');
    if (root === 'event' && second === 'properties' && third) collect(properties, third, constants);
    if (root === 'contact' && second && second !== 'id') collect(attributes, second, constants);
  }
  return {
    eventTypes: [...types, UNRELATED_EVENT],
    eventProperties: toLists(properties),
    contactAttributes: toLists(attributes),
  };
}

export interface TimelineOptions {
  /** At most this many events (default 8). */
  maxEvents?: number;
  /** Longest gap between two events in milliseconds (default three days). */
  maxGapMs?: number;
}

const SECOND = 1_000;
const DAY = 86_400_000;

/** One value for a variable: most often a constant its rules compare with, else a near miss. */
function drawValue({ constants, others }: ValueChoices): fc.Arbitrary<unknown> {
  if (constants.length === 0) return fc.constantFrom(...others);
  return fc.oneof(
    { arbitrary: fc.constantFrom(...constants), weight: 3 },
    { arbitrary: fc.constantFrom(...others), weight: 1 },
  );
}

/** A record of the variables, each set to one of its values or left out (`undefined`). */
function recordOf(variables: Record<string, ValueChoices>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(variables).map(([key, choices]) => [key, drawValue(choices)] as const);
  return fc
    .record(Object.fromEntries(entries))
    .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));
}

/**
 * Random event timelines for a journey: events of its types with property values its rules care
 * about, `after` in milliseconds from the start, strictly increasing (at least a second apart;
 * gaps in milliseconds make an event landing exactly on a wait's deadline improbable). Feed them
 * to `simulateJourney`, or ingest them into the runtime at `start + after`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(timelineArbitrary(vocabulary), (events) => { simulateJourney({ ..., events }); }));
 * ```
 */
export function timelineArbitrary(
  vocabulary: JourneyVocabulary,
  options: TimelineOptions = {},
): fc.Arbitrary<SimulatedEvent[]> {
  const event = fc.record({
    gap: fc.integer({ min: SECOND, max: options.maxGapMs ?? 3 * DAY }),
    type: fc.constantFrom(...vocabulary.eventTypes),
    properties: recordOf(vocabulary.eventProperties),
  });
  return fc.array(event, { maxLength: options.maxEvents ?? 8 }).map((drawn) => {
    let after = 0;
    return drawn.map(({ gap, type, properties }, index) => {
      after = index === 0 ? gap - SECOND : after + gap;
      return { after, type, properties };
    });
  });
}

/**
 * Random contacts for a journey: an id and some of the attributes its rules read, set to values
 * around the rules' constants.
 *
 * @example
 * ```ts
 * fc.sample(contactArbitrary(vocabulary), 1); // [{ id: 'c-3', lead_score: 81 }]
 * ```
 */
export function contactArbitrary(vocabulary: JourneyVocabulary): fc.Arbitrary<ContactData> {
  return fc
    .tuple(fc.nat({ max: 999 }), recordOf(vocabulary.contactAttributes))
    .map(([n, attributes]) => ({ ...attributes, id: `c-${n}` }));
}
