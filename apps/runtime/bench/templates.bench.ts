// What rendering in threads costs (issue 18): a typical email's three fields rendered on the calling
// thread (the old way, no hard limit), through the render threads one at a time, and in batches as
// a walk of 25 enrollments asks for them (docs/benchmarks.md, "Runtime: template rendering").
// `pnpm --filter @crossroads/runtime bench`.
import { renderHere } from '../src/channels/templates/render-here.js';
import { stopRenderThreads } from '../src/channels/templates/render-pool.js';
import { renderTemplate } from '../src/channels/templates/render-template.js';
import { loadLine, machineLine } from './harness/machine.js';
import { DOCS, table, writeSection } from './harness/report.js';
import { fmt, percentile } from './harness/stats.js';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 5_000);
const WALK = 25;
const ROUNDS = 5;

const fields = [
  {
    source: 'Welcome to {{ contact.company.name }}, {{ contact.first_name | capitalize }}',
    field: 'subject',
  },
  {
    source:
      '<p>Hi {{ contact.first_name }},</p><p>Your {{ contact.plan }} plan at {{ contact.company.name }} ({{ contact.company.size }} people) is ready.</p>{% if contact.lead_score > 50 %}<p>A specialist will call you.</p>{% endif %}<p>{% for tag in contact.tags %}{{ tag | upcase }}{% unless forloop.last %}, {% endunless %}{% endfor %}</p>',
    field: 'html',
    escape: 'html' as const,
  },
  {
    source: 'Hi {{ contact.first_name }}, your {{ contact.plan }} plan is ready. {{ event.properties.path }}',
    field: 'text',
  },
];
const varsOf = (i: number) => ({
  contact: {
    id: `c${i}`,
    email: `c${i}@example.com`,
    first_name: 'ann',
    company: { name: 'Acme Inc.', size: 120 },
    plan: 'trial',
    lead_score: i % 100,
    tags: ['pricing', 'docs', 'webinar'],
  },
  event: { type: 'signup', properties: { path: '/pricing' }, timestamp: new Date() },
  journey: { workflowId: 'w', version: 1, enrollmentId: String(i) },
});

/** Microseconds per email (three fields) of `render` over EMAILS emails; median of ROUNDS. */
async function perEmail(render: (from: number, count: number) => Promise<unknown>, step: number) {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const started = performance.now();
    for (let i = 0; i < EMAILS; i += step) await render(i, Math.min(step, EMAILS - i));
    if (round > 0) rounds.push(((performance.now() - started) * 1000) / EMAILS); // round 0: warm-up
  }
  return percentile(rounds, 50);
}

const here = async (from: number, count: number) => {
  for (let i = from; i < from + count; i++)
    for (const f of fields) await renderHere({ ...f, vars: varsOf(i) });
};
const threads = (from: number, count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, k) =>
      fields.map((f) => renderTemplate(f.source, varsOf(from + k), f)),
    ).flat(),
  );
const cpu = process.cpuUsage();
const inProcess = await perEmail(here, 1);
const cpuHere = process.cpuUsage(cpu);
const oneByOne = await perEmail(threads, 1);
const cpuMid = process.cpuUsage();
const batched = await perEmail(threads, WALK);
const cpuBatched = process.cpuUsage(cpuMid);
await stopRenderThreads();
const mainUs = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / ((ROUNDS + 1) * EMAILS)).toFixed(0);
console.log(
  `per email: in process ${fmt(inProcess, 1)} µs, threads one by one ${fmt(oneByOne, 1)} µs, threads per walk of ${WALK} ${fmt(batched, 1)} µs`,
);
await writeSection(
  DOCS.benchmarks,
  'runtime-templates',
  [
    '## Runtime: template rendering in threads',
    '',
    `Machine: ${machineLine('no database')}; load average at the end ${loadLine()}. A typical email (subject, HTML with a condition and a loop, text) rendered for ${fmt(EMAILS)} contacts, median of ${ROUNDS} rounds after a warm-up. "In process" is how sends rendered before issue 18 (on the event loop, no hard limit); the render threads add a copy of the data each way and a thread hop per batch, which a walk pays once for all its emails (renders asked for in one turn of the event loop go together).`,
    '',
    table(
      ['how', 'µs per email (wall)', 'ratio to in process', 'process CPU per email, all threads (µs)'],
      [
        ['in process (before)', fmt(inProcess, 1), '1.00', mainUs(cpuHere)],
        ['render threads, one email per hop', fmt(oneByOne, 1), (oneByOne / inProcess).toFixed(2), '–'],
        [
          `render threads, a walk of ${WALK} per hop`,
          fmt(batched, 1),
          (batched / inProcess).toFixed(2),
          mainUs(cpuBatched),
        ],
      ],
    ),
  ].join('\n'),
);
