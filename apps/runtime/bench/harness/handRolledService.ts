// The hand-rolled service of issue 19, the baseline the throughput bench holds Crossroads to: what a
// team would write instead of a journey engine for trigger → gate → send. One process: an HTTP
// endpoint stores each event and adds a Graphile Worker job in the same transaction; the job reads
// the contact, applies the gate, sends with pooled nodemailer and marks the event sent. No ledger,
// no trace, no tracking, no unsubscribe link, no send checks. Run by handRolled.ts as a child:
//   node --import tsx bench/harness/handRolledService.ts <databaseUrl> <smtpUrl> <port> <workspaceId>
import { createServer } from 'node:http';
import { Logger, run } from 'graphile-worker';
import nodemailer from 'nodemailer';
import postgres from 'postgres';
import { ENGINE_CONCURRENCY, engineWorkerSettings } from './workerSettings.js';

const [databaseUrl, smtpUrl, portArg, workspaceId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const HAND_ROLLED_TASK = 'hand-rolled-send';

const sql = postgres(databaseUrl, { max: 20, onnotice: () => {} });
const jobSql = postgres(databaseUrl, { max: ENGINE_CONCURRENCY + 2, onnotice: () => {} });
const transport = nodemailer.createTransport(`${smtpUrl}?pool=true&maxConnections=${ENGINE_CONCURRENCY}`);

interface EventIn {
  id: string;
  contactId: string;
  type: string;
}

async function store(events: EventIn[]): Promise<number> {
  return sql.begin(async (tx) => {
    const stored = await tx<{ id: string }[]>`
      insert into hand_rolled_events (id, contact_id, type)
      select * from unnest(${events.map((e) => e.id)}::text[], ${events.map((e) => e.contactId)}::text[],
                           ${events.map((e) => e.type)}::text[])
      on conflict do nothing returning id`;
    if (stored.length > 0)
      await tx`select graphile_worker.add_jobs(array(
        select row(${HAND_ROLLED_TASK}, json_build_object('eventId', id), null, null, null, null, null, null)::graphile_worker.job_spec
        from unnest(${stored.map((s) => s.id)}::text[]) as id))`;
    return stored.length;
  });
}

async function send(payload: unknown): Promise<void> {
  const { eventId } = payload as { eventId: string };
  const [row] = await jobSql<
    { contactId: string; sentAt: Date | null; attributes: Record<string, unknown> }[]
  >`
    select e.contact_id as "contactId", e.sent_at as "sentAt", c.attributes
    from hand_rolled_events e join contacts c on c.workspace_id = ${workspaceId} and c.id = e.contact_id
    where e.id = ${eventId}`;
  if (!row || row.sentAt) return;
  const contact = row.attributes as { email?: string; first_name?: string; lead_score?: number };
  // The journey's gate (lead score ≥ 0; every bench contact passes it).
  if (!contact.email || !(Number(contact.lead_score ?? -1) >= 0)) return;
  await transport.sendMail({
    from: 'Bench <bench@crossroads.test>',
    to: contact.email,
    subject: `Hi ${contact.first_name}`,
    html: `<p>Hello ${contact.first_name}, a short note from the bench.</p>`,
    text: `Hello ${contact.first_name}, a short note from the bench.`,
    messageId: `<hand-rolled-${eventId}@bench.crossroads.test>`,
  });
  await jobSql`update hand_rolled_events set sent_at = now() where id = ${eventId}`;
}

const runner = await run({
  connectionString: databaseUrl,
  taskList: { [HAND_ROLLED_TASK]: send },
  noHandleSignals: true,
  logger: new Logger(() => () => {}),
  ...engineWorkerSettings(ENGINE_CONCURRENCY),
});

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  req.on('end', () => {
    const parsed = JSON.parse(body) as EventIn | { batch: EventIn[] };
    store('batch' in parsed ? parsed.batch : [parsed]).then(
      (stored) => {
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ stored }));
      },
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });
});
server.listen(Number(portArg), '127.0.0.1', () => console.log('hand-rolled service listening'));

process.once('SIGTERM', async () => {
  server.close();
  await runner.stop();
  transport.close();
  await sql.end({ timeout: 2 });
  await jobSql.end({ timeout: 2 });
  process.exit(0);
});
