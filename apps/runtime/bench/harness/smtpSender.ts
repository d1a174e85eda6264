// Child process of smtpCeiling: composes and sends `count` emails over the runtime's own SMTP code
// (composeEmail → deliver over an SmtpPool), `concurrency` at a time, with no database and no queue.
// Prints one JSON line: { sent, seconds, cpuMs }.
import { composeEmail, createTransport, deliver, SmtpPool } from '../../src/channels/index.js';

const [url, countArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const pool = new SmtpPool(createTransport(url!), { maxIdle: concurrency });
const sender = { fromName: 'Bench', fromEmail: 'bench@example.com', postalAddress: '1 Bench Street' };

const sendOne = async (i: number) => {
  // The bench journey's email, as the engine renders it (subject and body with the contact's name).
  const { message } = composeEmail({
    sender,
    to: `c${i}@example.com`,
    subject: `Hi Contact ${i}`,
    html: `<p>Hello Contact ${i}, a short note from the bench.</p>`,
    text: `Hello Contact ${i}, a short note from the bench.`,
    messageId: `<ceiling-${i}@bench.example>`,
    reasonLine: 'You are in the bench journey.',
    unsubscribeUrl: `http://127.0.0.1/u/${i}`,
    trackingPixelUrl: `http://127.0.0.1/o/${i}.gif`,
  });
  const outcome = await deliver(pool.transport, message, { pool });
  if (outcome.status !== 'sent') throw new Error(`email ${i} not sent: ${JSON.stringify(outcome)}`);
};

const cpuBefore = process.cpuUsage();
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) await sendOne(next++);
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await pool.close();
console.log(JSON.stringify({ sent: count, seconds, cpuMs: (cpu.user + cpu.system) / 1000 }));
