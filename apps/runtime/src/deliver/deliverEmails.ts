import type { Semaphore } from 'async-mutex';
import { untilDatabaseAnswers } from '../db/untilDatabaseAnswers.js';
import {
  type DeliverDeps,
  deliverEmail,
  inFlight,
  loadEffects,
  send,
  settle,
  triage,
} from './deliverEmail.js';
import { claimEmails, lockKey, type Ready } from './emailClaim.js';
import { prepare } from './prepareEmail.js';

/**
 * The emails one walk wrote, EMAIL_CLAIM_CHUNK at a time: in a chunk's transaction the locks, row
 * locks and send checks of all its emails go out in one round trip and their claims, messages and
 * tracking in one statement (claimEmails), then SMTP for each at once, then one update for those sent. A chunk is
 * claimed only when `slots` has room for all its emails, so claimed emails never queue for SMTP. Emails of a contact
 * already in the batch are delivered one by one afterwards: their checks must see the earlier claim.
 * Each email ends exactly as deliverEmail would end it.
 */
export async function deliverEmails(
  deps: DeliverDeps,
  effectIds: readonly string[],
  /** SMTP slots of this process, shared by every walk's emails; a chunk takes one per email. */
  slots: Semaphore,
): Promise<void> {
  // Emails another delivery here is working on are left to it; each of ours is released as soon
  // as it is settled, so a retry job queued meanwhile runs it again instead of waiting for the batch.
  const ids = [...new Set(effectIds)].filter((id) => !inFlight.has(id));
  if (ids.length === 0) return;
  const release = new Map<string, () => void>();
  for (const id of ids) inFlight.set(id, new Promise<void>((resolve) => release.set(id, resolve)));
  const settled = (id: string) => {
    release.get(id)?.();
    release.delete(id);
    inFlight.delete(id);
  };
  const later: string[] = [];
  try {
    const { sql } = deps;
    const ready: Ready[] = [];
    const contacts = new Set<string>();
    for (const effect of await loadEffects(sql, ids)) {
      if ((await triage(deps, effect)) !== undefined) continue;
      const contact = lockKey(effect);
      if (contacts.has(contact)) {
        later.push(String(effect.id));
        continue;
      }
      contacts.add(contact);
      const prepared = await prepare(deps, effect);
      if (prepared.error !== undefined) await settle(sql, effect, 'failed', prepared.error);
      else ready.push({ effect, prepared });
    }
    // Advisory locks in one order everywhere, so two batches never wait on each other in a cycle.
    ready.sort((a, b) => lockKey(a.effect).localeCompare(lockKey(b.effect)));
    // Claimed emails wait for nothing but their SMTP turn: a chunk is claimed only once it may send,
    // so a crash leaves no more emails `sending` (ambiguous) than deliveries run at once.
    const chunks: Ready[][] = [];
    for (let i = 0; i < ready.length; i += EMAIL_CLAIM_CHUNK)
      chunks.push(ready.slice(i, i + EMAIL_CLAIM_CHUNK));
    await Promise.all(
      chunks.map((chunk) => slots.runExclusive(() => claimAndSend(deps, chunk, settled), chunk.length)),
    );
  } finally {
    for (const id of [...release.keys()]) settled(id);
  }
  for (const id of later) await deliverEmail(deps, id);
}

/** Emails claimed and sent together by deliverEmails (one transaction, then SMTP for each at once). */
export const EMAIL_CLAIM_CHUNK = 5;

async function claimAndSend(deps: DeliverDeps, chunk: Ready[], settled: (id: string) => void): Promise<void> {
  const { sql } = deps;
  const claims = await sql.begin((tx) => claimEmails(tx, deps, chunk));
  const sent: string[] = [];
  await Promise.all(
    chunk.map(async (item, i) => {
      const id = String(item.effect.id);
      try {
        await send(deps, item, claims[i]!, (sentId) => sent.push(sentId));
      } finally {
        if (!sent.includes(id)) settled(id);
      }
    }),
  );
  if (sent.length > 0)
    await untilDatabaseAnswers(
      () => sql`update effects set state = 'sent', sent_at = now(), updated_at = now(), last_error = null
                where id = any(${sent}::bigint[]) and state = 'sending'`,
    );
  for (const id of sent) settled(id);
}
