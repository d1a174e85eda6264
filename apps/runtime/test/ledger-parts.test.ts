import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectOfMessageId } from '../src/deliver/ledgerParts.js';
import type { TestApp } from '../src/testing/testApp.js';
import {
  createSendingApp,
  linearJourney,
  type MailReceiver,
  sendConfig,
  startMailReceiver,
} from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

// Issue 19, cost of growth (migration 230): what every email of a send node or a workspace repeats
// is stored once, what the walk rendered beside the ledger row; the message is still the one sent.
describe('the parts of a ledger row stored apart', () => {
  let t: TestApp;
  let smtp: MailReceiver;

  beforeAll(async () => {
    smtp = await startMailReceiver();
    t = await createSendingApp(smtp);
    await publishJourney(
      t,
      linearJourney('parts', 'parts.start', [
        { id: 'hello', type: 'send', config: sendConfig('Hello {{ contact.first_name }}') },
      ]),
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('stores a send node’s templates and a workspace’s sender once, each email’s rendering once, and lists the message SMTP got', async () => {
    for (const name of ['ivy', 'jon', 'kim']) {
      const put = await t.call('PUT', `/v1/contacts/${name}`, {
        attributes: { email: `${name}@example.org`, first_name: name.toUpperCase() },
      });
      expect(put.status).toBe(200);
      expect(
        (await t.call('POST', '/v1/events', { contactId: name, type: 'parts.start' })).status,
      ).toBeLessThan(300);
    }
    await eventually(async () => smtp.messages.length === 3);
    const rows = await t.db.sql<
      { id: string; payload: Record<string, unknown>; templates: string; prepared: { to: string } | null }[]
    >`
      select f.id::text, f.payload, f.templates, r.prepared
      from effects f left join effect_renderings r on r.effect_id = f.id
      where f.kind = 'email' order by f.id`;
    expect(rows).toHaveLength(3);
    // The row keeps only its own and what SQL reads; the templates are one shared value for all three.
    for (const row of rows) expect(Object.keys(row.payload).sort()).toEqual(['category', 'eventId']);
    expect(new Set(rows.map((r) => r.templates)).size).toBe(1);
    // Walks run concurrently: the ledger rows' order is not the events'.
    expect(rows.map((r) => r.prepared?.to).sort()).toEqual([
      'ivy@example.org',
      'jon@example.org',
      'kim@example.org',
    ]);
    const [templates] = await t.db.sql<{ value: Record<string, unknown> }[]>`
      select value from shared_payloads where hash = ${rows[0]!.templates}::uuid`;
    expect(templates?.value).toMatchObject({
      subject: 'Hello {{ contact.first_name }}',
      reason: 'You signed up for a trial at example.com.',
    });
    // Every message keeps the key of the one composing record (sender, public URL) of the workspace.
    const composed = await t.db.sql<{ key: string | null; inline: number }[]>`
      select distinct composed_key::text as key, count(composed)::int as inline from messages group by 1`;
    expect(composed).toEqual([{ key: expect.any(String), inline: 0 }]);
    expect(await t.db.sql`select 1 from shared_payloads`).toHaveLength(2);
    // Put back together, the listed message is the one the SMTP server received, to the byte.
    const listed = (await t.call('GET', '/v1/messages?contactId=jon')).body.items[0];
    const got = smtp.to('jon@example.org')[0];
    expect(listed.message.subject).toBe('Hello JON');
    expect(listed.message.html).toBe(got?.html);
    expect(listed.message.text).toBe(got?.text);
    expect(listed.message.html).toContain('You signed up for a trial at example.com.');
    expect(effectOfMessageId(listed.message.messageId)).toBe(listed.id);
  });

  it('an erasure deletes the contact’s renderings and messages, found through the ledger', async () => {
    const [row] = await t.db.sql<{ id: string }[]>`select id::text from effects where contact_id = 'kim'`;
    expect((await t.call('DELETE', '/v1/contacts/kim')).status).toBe(200);
    expect(await t.db.sql`select 1 from effect_renderings where effect_id = ${row!.id}`).toHaveLength(0);
    expect(await t.db.sql`select 1 from messages where effect_id = ${row!.id}`).toHaveLength(0);
    expect(await t.db.sql`select 1 from effect_renderings`).toHaveLength(2);
  });

  it('reads the effect id only from a Message-ID of the form it writes', () => {
    expect(effectOfMessageId('<effect-42@mail.example.com>')).toBe('42');
    expect(effectOfMessageId(' <effect-42@127.0.0.1> ')).toBe('42');
    expect(effectOfMessageId('<send-42@acme.test>')).toBeNull();
    expect(effectOfMessageId('effect-42@acme.test')).toBeNull();
    expect(effectOfMessageId('<effect-4x2@acme.test>')).toBeNull();
  });
});
