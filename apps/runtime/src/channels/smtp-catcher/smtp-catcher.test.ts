import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../email/deliver.js';
import { createTransport } from '../email/smtp-transport.js';
import type { CaughtMessage } from './caught-message.js';
import { findReplyToken } from './caught-message.js';
import { type SmtpCatcher, startSmtpCatcher } from './start-smtp-catcher.js';

let catcher: SmtpCatcher | undefined;
afterEach(async () => {
  await catcher?.close();
  catcher = undefined;
});

async function start(onMessage: (m: CaughtMessage) => void | Promise<void>, maxMessageBytes?: number) {
  catcher = await startSmtpCatcher({ onMessage, ...(maxMessageBytes ? { maxMessageBytes } : {}) });
  return catcher;
}

describe('startSmtpCatcher', () => {
  it('catches and parses a message sent with nodemailer', async () => {
    const caught: CaughtMessage[] = [];
    const { url, port } = await start((m) => {
      caught.push(m);
    });
    expect(url).toBe(`smtp://127.0.0.1:${port}`);
    const transporter = nodemailer.createTransport(url);
    await transporter.sendMail({
      from: '"Acme" <hi@acme.test>',
      to: 'ann@example.com',
      bcc: 'audit@acme.test',
      subject: 'Hello there',
      text: 'plain body',
      html: '<p>html body</p>',
      messageId: '<m-1@acme.test>',
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(caught).toHaveLength(1);
    const [message] = caught;
    expect(message).toMatchObject({
      messageId: '<m-1@acme.test>',
      from: '"Acme" <hi@acme.test>',
      to: ['ann@example.com', 'audit@acme.test'],
      subject: 'Hello there',
      html: '<p>html body</p>',
      replyToken: undefined,
    });
    expect(message?.text?.trim()).toBe('plain body');
    expect(message?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(message?.size).toBeGreaterThan(200);
    expect(message?.receivedAt).toBeInstanceOf(Date);
  });

  it('reports a reply to a reply+token address with its token', async () => {
    const caught: CaughtMessage[] = [];
    const { url } = await start((m) => {
      caught.push(m);
    });
    await nodemailer.createTransport(url).sendMail({
      from: 'ann@example.com',
      to: 'Acme <reply+tok_123@acme.test>',
      subject: 'Re: Welcome',
      text: 'Sounds good',
      inReplyTo: '<send-7f3a@acme.test>',
    });
    expect(caught[0]).toMatchObject({
      replyToken: 'tok_123',
      inReplyTo: '<send-7f3a@acme.test>',
      to: ['reply+tok_123@acme.test'],
    });
  });

  it('refuses a message over the size limit without storing it', async () => {
    const caught: CaughtMessage[] = [];
    const { url } = await start((m) => {
      caught.push(m);
    }, 2_000);
    const sending = nodemailer
      .createTransport(url)
      .sendMail({ from: 'a@b.test', to: 'c@d.test', text: 'x'.repeat(10_000) });
    await expect(sending).rejects.toThrow(/size/i);
    expect(caught).toHaveLength(0);
  });

  it('answers 451 when storing fails, so the sender retries', async () => {
    const { url } = await start(() => {
      throw new Error('database is down');
    });
    const outcome = await deliver(createTransport(url), {
      from: 'a@b.test',
      to: 'c@d.test',
      text: 'x',
      messageId: '<r@b.test>',
    });
    expect(outcome).toMatchObject({ status: 'transient', responseCode: 451 });
  });

  it('stops listening on close', async () => {
    const { url } = await start(() => {});
    await catcher?.close();
    catcher = undefined;
    const outcome = await deliver(createTransport(url), { from: 'a@b.test', to: 'c@d.test', text: 'x' });
    expect(outcome.status).toBe('transient');
  });
});

describe('findReplyToken', () => {
  it('finds the token of a reply address only', () => {
    expect(findReplyToken(['someone@x.test', 'REPLY+abc-9@acme.test'])).toBe('abc-9');
    expect(findReplyToken(['replyto@acme.test', 'reply@acme.test', 'reply+@acme.test'])).toBeUndefined();
  });
});
