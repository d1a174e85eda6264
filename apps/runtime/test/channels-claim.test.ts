import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import {
  createSendingApp,
  linearJourney,
  type MailReceiver,
  sendConfig,
  startMailReceiver,
} from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

// The claim of a walk's emails (deliver/emailClaim.ts): a few statements for the whole chunk.
describe('emails of one walk claimed together', () => {
  let t: TestApp;
  let smtp: MailReceiver;

  beforeAll(async () => {
    smtp = await startMailReceiver();
    t = await createSendingApp(smtp);
    await publishJourney(
      t,
      linearJourney('welcome', 'signed.up', [
        { id: 'welcome', type: 'send', config: sendConfig('Welcome, {{ contact.first_name }}') },
      ]),
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('emails claimed together skip the suppressed contact among them and send the others once', async () => {
    const ids = ['k1', 'k2', 'k3', 'k4'];
    for (const id of ids)
      expect(
        (
          await t.call('PUT', `/v1/contacts/${id}`, {
            attributes: { email: `${id}@example.org`, first_name: id },
          })
        ).status,
      ).toBe(200);
    // k2 by address (any case), k3 by contact: one walk's chunk checks both kinds in one statement.
    expect((await t.call('POST', '/v1/suppressions', { email: 'K2@Example.org' })).status).toBe(201);
    expect((await t.call('POST', '/v1/suppressions', { contactId: 'k3' })).status).toBe(201);
    const batch = ids.map((id) => ({ id: `claim-${id}`, contactId: id, type: 'signed.up' }));
    expect((await t.call('POST', '/v1/events', { batch })).status).toBeLessThan(300);
    const rows = await eventually(async () => {
      const found = await t.db.sql<{ contactId: string; state: string; attempts: number }[]>`
        select contact_id, state, attempts from effects
        where contact_id = any(${ids}) and node_id = 'welcome' order by contact_id`;
      return (
        found.length === 4 && found.every((r) => r.state !== 'pending' && r.state !== 'sending') && found
      );
    });
    expect(rows.map((r) => [r.contactId, r.state, r.attempts])).toEqual([
      ['k1', 'sent', 1],
      ['k2', 'skipped', 0],
      ['k3', 'skipped', 0],
      ['k4', 'sent', 1],
    ]);
    expect(ids.map((id) => smtp.to(`${id}@example.org`).length)).toEqual([1, 0, 0, 1]);
    const stored = await t.db.sql<{ contactId: string }[]>`
      select m.contact_id from messages m join tracked_messages k on k.message_key = m.effect_id::text
      where m.contact_id = any(${ids}) order by m.contact_id`;
    expect(stored.map((r) => r.contactId)).toEqual(['k1', 'k4']);
  });
});
