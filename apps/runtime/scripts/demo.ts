/**
 * `pnpm demo`: activates the workspace's example journeys on a running runtime and plays realistic
 * traffic for a few minutes (contacts arriving, page views, opens, clicks, replies, purchases), so
 * the editor's live overlay, stats, traces and mailbox show something true.
 *
 *   pnpm demo [--url http://127.0.0.1:8080] [--key <admin key>] [--minutes 3] [--rate 30] [--seed 1]
 *
 * URL and key also come from CROSSROADS_URL / CROSSROADS_API_KEY (as for `pnpm crossroads`;
 * CROSSROADS_KEY still works). Loopback runtimes only.
 */
import { parseArgs } from 'node:util';
import { activateWorkflows } from './demo/activate.js';
import { createDemoClient } from './demo/client.js';
import { engage } from './demo/engage.js';
import { person, seeded } from './demo/people.js';
import { createProgress, formatSeconds, progressLine } from './demo/progress.js';
import { type FollowUp, pickScenario } from './demo/scenarios.js';
import { ensureExampleSegments } from './demo/segments.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CROSSROADS_URL ?? 'http://127.0.0.1:8080' },
    key: { type: 'string', default: process.env.CROSSROADS_API_KEY ?? process.env.CROSSROADS_KEY },
    minutes: { type: 'string', default: '3' },
    rate: { type: 'string', default: '30' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(2);
}

const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0 && minutes <= 60)) fail(`--minutes must be between 0 and 60, got ${values.minutes}`);
if (!(rate > 0 && rate <= 600))
  fail(`--rate (new contacts per minute) must be between 0 and 600, got ${values.rate}`);
if (!values.key)
  fail('give the admin API key with --key or CROSSROADS_KEY (the runtime printed it on first boot)');

let client: ReturnType<typeof createDemoClient>;
try {
  client = createDemoClient(values.url, values.key);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

interface Pending {
  at: number;
  contactId: string;
  action: FollowUp;
}

const counts = { contacts: 0, events: 0, opens: 0, clicks: 0, replies: 0, errors: 0 };
let lastError = '';

async function main() {
  process.stdout.write(`Crossroads demo against ${client.url}\n`);
  const segments = await ensureExampleSegments(client);
  if (segments.length) process.stdout.write(`Created the examples' segments: ${segments.join(', ')}\n`);
  process.stdout.write('Activating journeys…\n');
  const { active, log } = await activateWorkflows(client);
  process.stdout.write(`${log.join('\n')}\n`);
  if (active.length === 0) fail('no journey could be activated');

  const rnd = seeded(Number(values.seed));
  const run = Number(values.seed).toString(36);
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  const gapMs = 60_000 / rate;
  let nextArrival = started;
  const pending: Pending[] = [];
  const progress = createProgress();

  while (Date.now() < endAt || pending.some((p) => p.at <= endAt + 5_000)) {
    const now = Date.now();
    if (now < endAt && now >= nextArrival) {
      nextArrival += gapMs * (0.4 + rnd() * 1.2);
      const contact = person(rnd, counts.contacts, run);
      const scenario = pickScenario(rnd);
      try {
        await client.call('PUT', `/v1/contacts/${encodeURIComponent(contact.id)}`, {
          attributes: contact.attributes,
        });
        await client.call('POST', '/v1/events', { contactId: contact.id, ...scenario.start(rnd) });
        counts.contacts++;
        counts.events++;
        for (const action of scenario.followUps) {
          if (rnd() >= action.chance) continue;
          const [lo, hi] = action.afterSeconds;
          pending.push({ at: now + (lo + rnd() * (hi - lo)) * 1000, contactId: contact.id, action });
        }
      } catch (error) {
        counts.errors++;
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    pending.sort((a, b) => a.at - b.at);
    while (pending[0] && pending[0].at <= Date.now()) {
      const { contactId, action } = pending.shift() as Pending;
      try {
        if (action.kind === 'event') {
          await client.call('POST', '/v1/events', {
            contactId,
            type: action.type,
            properties: action.properties ?? {},
          });
          counts.events++;
        } else {
          const how = await engage(client, contactId, action.kind);
          if (how === null && Date.now() < endAt) {
            // No email yet (delivery is asynchronous): try again a little later.
            pending.push({ at: Date.now() + 3_000, contactId, action });
          } else if (how) {
            counts[action.kind === 'open' ? 'opens' : action.kind === 'click' ? 'clicks' : 'replies']++;
          }
        }
      } catch (error) {
        counts.errors++;
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    const elapsed = (Date.now() - started) / 1000;
    progress.update(
      `${progressLine(Date.now() - started, endAt - started)} ${formatSeconds(elapsed)}/${formatSeconds(minutes * 60)} · ` +
        `${counts.contacts} contacts · ${counts.events} events · ${counts.opens} opens · ${counts.clicks} clicks · ` +
        `${counts.replies} replies${counts.errors ? ` · ${counts.errors} errors` : ''}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  progress.done(
    `Done: ${counts.contacts} contacts, ${counts.events} events, ${counts.opens} opens, ${counts.clicks} clicks, ${counts.replies} replies.`,
  );
  if (counts.errors) process.stdout.write(`${counts.errors} requests failed; last: ${lastError}\n`);
  process.stdout.write('\nSee it in the editor:\n');
  for (const wf of active) process.stdout.write(`  ${wf.name}: ${client.url}/workflows/${wf.id}/live\n`);
  process.stdout.write(`  Mailbox: ${client.url}/mailbox · Audit log: ${client.url}/audit\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
