import type { ChaosEnv, Outcome } from './chaosEnv.js';
import type { Recorder } from './scenario.js';

/**
 * The expectations every load scenario shares: each contact enrolled once and finished, no email
 * twice at the SMTP server, no webhook-id twice at the CRM, every handoff recorded once.
 */
export function expectNothingLostOrDoubled(r: Recorder, o: Outcome & { settledMs?: number }): void {
  r.expect('contacts enrolled (re-entry once)', o.enrolled, (n) => n === o.contacts, String(o.contacts));
  r.expect('lost enrollments (not ended)', o.lost, (n) => n === 0, '0');
  r.figure('enrollments completed', o.completed);
  r.expect('duplicate emails at the SMTP server (by Message-ID)', o.duplicateEmails, (n) => n === 0, '0');
  r.expect(
    'emails received + ambiguous (interrupted mid-SMTP, never resent by design)',
    o.emailsReceived + o.emailsAmbiguous,
    (n) => n >= o.contacts,
    `≥ ${o.contacts}`,
  );
  r.figure('emails received (unique Message-IDs)', o.emailsReceived);
  expectAmbiguousOnlyWithDataInFlight(r, o);
  r.expect('emails failed in the ledger', o.emailsFailed, (n) => n === 0, '0');
  r.expect(
    'handoffs sent to the CRM (ledger)',
    o.handoffsSentInLedger,
    (n) => n === o.contacts,
    String(o.contacts),
  );
  r.expect('handoffs dead-lettered', o.handoffsDead, (n) => n === 0, '0');
  r.expect(
    'handoffs received by the CRM (unique webhook-ids)',
    o.crmReceived,
    (n) => n === o.contacts,
    String(o.contacts),
  );
  // Webhooks are at-least-once with a stable id (Standard Webhooks): a worker killed between the
  // CRM's 2xx and the ledger update redelivers under the same webhook-id, which receivers dedupe.
  // Lost handoffs fail the run above; a handoff under two ids would show as extra unique ids.
  r.figure(
    'redeliveries under an already-received webhook-id (deduped by the receiver)',
    o.duplicateWebhooks,
  );
  r.expect('bad webhook signatures at the CRM', o.badSignatures, (n) => n === 0, '0');
  r.figure('email attempts in the ledger (attempts: emails)', JSON.stringify(o.emailAttempts));
  r.figure('handoff attempts in the ledger (attempts: handoffs)', JSON.stringify(o.handoffAttempts));
}

/**
 * Issue 18: an email is ambiguous only if the server may have it. Counted from both ends: the
 * server saw its body begin and end without the final dot (a sender killed or cut off mid-DATA), or
 * it accepted a message whose sender was gone before the 250. Ambiguous emails may not outnumber
 * those, and none may lack `smtp_data_at` (the ledger's note that the body began to go out).
 */
export function expectAmbiguousOnlyWithDataInFlight(r: Recorder, o: Outcome): void {
  const inFlight = o.smtpDataAborted + o.emailsAmbiguousReceived;
  r.figure(
    'emails whose DATA was in flight when cut off (server: body begun, no final dot / accepted, sender gone)',
    `${inFlight} (${o.smtpDataAborted} / ${o.emailsAmbiguousReceived})`,
  );
  r.expect(
    'emails ambiguous in the ledger',
    o.emailsAmbiguous,
    (n) => n <= inFlight,
    `≤ ${inFlight} (DATA in flight)`,
  );
  r.expect('ambiguous emails whose body never went out', o.emailsAmbiguousBeforeBody, (n) => n === 0, '0');
  r.figure('emails interrupted before their body went out, sent again (attempts > 1)', o.emailsSentAgain);
}

/** Runtime processes of the scenario that exited on their own, with their last words. */
export function crashedProcesses(env: ChaosEnv, killedPids: Set<number>): string[] {
  return [env.api, ...env.workers]
    .filter((p) => !killedPids.has(p.pid) && p.exitCode() !== null)
    .map((p) => {
      const words = p.lastWords();
      const why =
        words.find((line) => /^\w*Error\b|Error:/.test(line) && !line.startsWith('{')) ?? words.at(-1) ?? '';
      return `pid ${p.pid} exited (${p.exitCode()}): ${why.slice(0, 300)}`;
    });
}

/** Records crashed processes as a failure, naming each with its last words. */
export function expectNoCrashes(r: Recorder, env: ChaosEnv, killedPids: Set<number> = new Set()): void {
  const crashed = crashedProcesses(env, killedPids);
  r.expect('runtime processes that crashed on their own', crashed.length, (n) => n === 0, '0');
  for (const line of crashed) r.fail(line);
}
