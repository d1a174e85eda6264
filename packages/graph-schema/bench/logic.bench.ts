// Times the compiled JSONLogic gate against json-logic-js, json-logic-engine and hand-written JS:
// `pnpm --filter @crossroads/graph-schema bench`. Prints the median of several rounds after a
// warm-up; record results in docs/benchmarks.md ("Gates: compiled JSONLogic").
import os from 'node:os';
import { LogicEngine } from 'json-logic-engine';
import jsonLogic from 'json-logic-js';
import { compileLogic } from '../src/logic/index.js';

const ROUNDS = 9;
const ROUND_MS = 200;
const WARMUP_MS = 500;

/** A 4-clause segment rule, as a gate node would hold it. */
const rule = {
  and: [
    { '>': [{ var: 'contact.lead_score' }, 80] },
    { '==': [{ var: 'contact.industry' }, 'SaaS'] },
    { in: [{ var: 'event.properties.page' }, ['pricing', 'demo']] },
    { '<=': [{ var: 'engagement.opens_30d' }, 10] },
  ],
};

const contact = (lead_score: number, industry: string, page: string, opens: number) => ({
  contact: { id: 'c_1', email: 'ada@example.com', lead_score, industry, plan: 'trial' },
  event: { type: 'page_view', properties: { page, referrer: 'google' } },
  engagement: { opens_30d: opens, clicks_30d: 2 },
});
/** Parsed from JSON, as the runtime receives them: one match, and one failure per clause. */
const inputs: unknown[] = JSON.parse(
  JSON.stringify([
    contact(92, 'SaaS', 'pricing', 3),
    contact(40, 'SaaS', 'pricing', 3),
    contact(95, 'Retail', 'demo', 3),
    contact(85, 'SaaS', 'blog', 3),
    contact(99, 'SaaS', 'demo', 25),
    contact(81, 'SaaS', 'demo', 10),
    contact(90, 'SaaS', 'careers', 0),
    contact(70, 'Fintech', 'pricing', 1),
  ]),
);

type Data = {
  contact: { lead_score: number; industry: string };
  event: { properties: { page: string } };
  engagement: { opens_30d: number };
};
const handWritten = (data: unknown): boolean => {
  const d = data as Data;
  const page = d.event.properties.page;
  return (
    d.contact.lead_score > 80 &&
    d.contact.industry === 'SaaS' &&
    (page === 'pricing' || page === 'demo') &&
    d.engagement.opens_30d <= 10
  );
};

const candidates: Record<string, (data: unknown) => unknown> = {
  'compileLogic (ours)': compileLogic(rule),
  'json-logic-js apply': (data) => jsonLogic.apply(rule as never, data as never),
  'json-logic-engine build': new LogicEngine().build(rule) as (data: unknown) => unknown,
  'hand-written JS': handWritten,
};

// Every candidate must give the same answers before its speed means anything.
const expected = inputs.map(handWritten);
for (const [name, evaluate] of Object.entries(candidates)) {
  const got = inputs.map((input) => evaluate(input) === true);
  if (got.join() !== expected.join())
    throw new Error(`${name} disagrees: ${got.join()} vs ${expected.join()}`);
}
if (expected.filter(Boolean).length !== 2) throw new Error('expected two matching inputs');

/** Ops/s of one round of at least `ms` milliseconds. A loop of its own per candidate keeps call sites monomorphic. */
function makeRound(evaluate: (data: unknown) => unknown): (ms: number) => number {
  const loop = new Function(
    'evaluate',
    'inputs',
    'n',
    'let hits = 0; for (let i = 0; i < n; i++) if (evaluate(inputs[i & 7]) === true) hits++; return hits;',
  ) as (evaluate: (data: unknown) => unknown, inputs: unknown[], n: number) => number;
  let batch = 1000;
  return (ms) => {
    let done = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      if (loop(evaluate, inputs, batch) !== batch / 4) throw new Error('wrong number of matches');
      done += batch;
      elapsed = performance.now() - start;
      if (elapsed < ms / 10) batch *= 2;
    }
    return (done / elapsed) * 1000;
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rounds = Object.fromEntries(Object.keys(candidates).map((name) => [name, [] as number[]]));
const runners = Object.entries(candidates).map(([name, evaluate]) => [name, makeRound(evaluate)] as const);
for (const [, round] of runners) round(WARMUP_MS);
// Interleave candidates so that machine noise spreads over all of them.
for (let r = 0; r < ROUNDS; r++) for (const [name, round] of runners) rounds[name]!.push(round(ROUND_MS));

const opsPerSecond = Object.fromEntries(
  Object.entries(rounds).map(([name, values]) => [name, median(values)]),
);
const format = (ops: number) => `${(ops / 1e6).toFixed(ops < 1e7 ? 2 : 1)}M`;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';

console.log(`JSONLogic gate, 4-clause segment rule over ${inputs.length} contacts`);
console.log(`${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`median of ${ROUNDS} rounds of ${ROUND_MS} ms after ${WARMUP_MS} ms warm-up\n`);
console.log('| evaluator | ops/s (median) | min–max |');
console.log('| --- | ---: | ---: |');
for (const [name, values] of Object.entries(rounds)) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `| ${name} | ${format(opsPerSecond[name]!)} | ${format(sorted[0]!)}–${format(sorted[sorted.length - 1]!)} |`,
  );
}
// What compiling costs: validation + code generation + new Function, per rule.
const compileRounds: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const start = performance.now();
  for (let i = 0; i < 2000; i++) compileLogic(structuredClone(rule));
  compileRounds.push(((performance.now() - start) / 2000) * 1000);
}
console.log(`\ncompileLogic of the rule itself: ${median(compileRounds).toFixed(1)} µs (median)`);

const ours = opsPerSecond['compileLogic (ours)']!;
console.log('');
console.log(`ours / json-logic-js:      ${(ours / opsPerSecond['json-logic-js apply']!).toFixed(1)}x`);
console.log(`ours / json-logic-engine:  ${(ours / opsPerSecond['json-logic-engine build']!).toFixed(2)}x`);
console.log(`ours / hand-written:       ${(ours / opsPerSecond['hand-written JS']!).toFixed(2)}x`);
