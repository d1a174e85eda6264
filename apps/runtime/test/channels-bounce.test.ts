import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import { createChannelsApp, linearJourney, sendConfig } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

/** An SMTP server that refuses one mailbox for good (550 5.1.1) and accepts the rest. */
async function startBouncingServer(unknown: string) {
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, done) {
      if (address.address === unknown) {
        return done(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      }
      done();
    },
    onData(stream, session, done) {
      stream.resume();
      stream.on('end', () => {
        accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('a hard bounce, and erasing a contact', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startBouncingServer>>;

  beforeAll(async () => {
    smtp = await startBouncingServer('gone@example.org');
    t = await createChannelsApp({ SMTP_URL: smtp.url });
    await publishJourney(
      t,
      linearJourney('welcome', 'signed.up', [{ id: 'welcome', type: 'send', config: sendConfig('Welcome') }]),
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const signUp = async (id: string) => {
    await t.call('PUT', `/v1/contacts/${id}`, { attributes: { email: `${id}@example.org`, first_name: id } });
    await t.call('POST', '/v1/events', { contactId: id, type: 'signed.up' });
  };

  it('fails the send (no retry) and suppresses the address as bounced', async () => {
    await signUp('gone');
    const failed = await eventually(async () => {
      const [row] = await t.db.sql<{ state: string; attempts: number; lastError: string }[]>`
        select state, attempts, last_error from effects where contact_id = 'gone'`;
      return row?.state === 'failed' && row;
    });
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/550/);
    const suppressions = await t.call('GET', '/v1/suppressions');
    expect(suppressions.body.items).toEqual([
      expect.objectContaining({ email: 'gone@example.org', reason: 'bounced' }),
    ]);
    // The next journey that emails the contact skips it, and says why.
    await t.call('POST', '/v1/events', { contactId: 'gone', type: 'signed.up' });
    await eventually(async () => {
      const rows = await t.db.sql<{ state: string }[]>`
        select state from effects where contact_id = 'gone' and state = 'skipped'`;
      return rows.length === 1;
    });
  });

  it('erasing a contact drops its tracked messages and keeps its address suppressed under a pseudonym', async () => {
    await signUp('ida');
    await eventually(async () => smtp.accepted.includes('ida@example.org'));
    await t.call('POST', '/v1/suppressions', {
      contactId: 'ida',
      email: 'ida@example.org',
      reason: 'manual',
    });
    const tracked = () => t.db.sql`select 1 from tracked_messages where contact_id = 'ida'`;
    expect(await tracked()).toHaveLength(1);
    const erased = await t.call('DELETE', '/v1/contacts/ida');
    expect(erased.body.counts).toMatchObject({ trackedMessages: 1 });
    expect(await tracked()).toHaveLength(0);
    const [suppression] = await t.db.sql<{ contactId: string }[]>`
      select contact_id from suppressions where email = 'ida@example.org'`;
    expect(suppression?.contactId).toMatch(/^erased:/);
  });
});
