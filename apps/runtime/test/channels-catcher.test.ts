import { createServer } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import { createChannelsApp, linearJourney, sendConfig } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

/** A port nothing listens on right now (the runtime's catcher takes it next). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('no SMTP_URL: the local catcher takes the email and the contact replies into it', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    t = await createChannelsApp({ SMTP_CATCHER_PORT: String(port) });
    await publishJourney(
      t,
      linearJourney(
        'ask',
        'trial.started',
        [
          { id: 'ask', type: 'send', config: sendConfig('Any questions?') },
          {
            id: 'wait-reply',
            type: 'wait',
            config: { mode: 'event', event: 'email.replied', timeout: 'P3D' },
          },
          { id: 'answer', type: 'send', config: sendConfig('Thanks for your reply') },
        ],
        ['next', 'next', 'event'],
      ),
    );
  });
  afterAll(() => t?.close());

  it('a reply to the reply+token address becomes email.replied and resumes the journey', async () => {
    await t.call('PUT', '/v1/contacts/dee', { attributes: { email: 'dee@example.org', first_name: 'Dee' } });
    await t.call('POST', '/v1/events', { contactId: 'dee', type: 'trial.started' });
    const sent = await eventually(async () => {
      const items = (await t.call('GET', '/v1/messages?contactId=dee')).body.items;
      return items[0]?.message?.caughtAt && items[0];
    });
    const replyTo = sent.message.headers['Reply-To'] as string;
    expect(replyTo).toMatch(/^reply\+[A-Za-z0-9._=-]+@localhost$/);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'dee@example.org',
      to: replyTo,
      subject: 'Re: Any questions?',
      text: 'Yes: does it do SSO?',
    });
    transport.close();
    const answered = await eventually(async () => {
      const items = (await t.call('GET', '/v1/messages?contactId=dee')).body.items;
      return items.find(
        (m: { nodeId: string; state: string }) => m.nodeId === 'answer' && m.state === 'sent',
      );
    });
    expect(answered.message.subject).toBe('Thanks for your reply');
    const [event] = await t.db.sql<{ properties: Record<string, unknown> }[]>`
      select properties from events where contact_id = 'dee' and type = 'email.replied'`;
    expect(event?.properties).toMatchObject({ nodeId: 'ask', from: 'dee@example.org' });
    expect(String(event?.properties.text)).toContain('does it do SSO?');
  });
});
