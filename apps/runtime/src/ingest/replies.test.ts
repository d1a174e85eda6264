import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpCatcher, startSmtpCatcher } from '../channels/index.js';
import { makeTrackingUrls, recordTrackedMessage } from '../deliver/tracking.js';
import { createTestApp, type TestApp } from '../testing/testApp.js';
import { recordCaughtReply } from './replies.js';

describe('replies caught by the local SMTP catcher', () => {
  let t: TestApp;
  let catcher: SmtpCatcher;
  const outcomes: boolean[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    catcher = await startSmtpCatcher({
      port: 0,
      onMessage: async (message) => {
        outcomes.push(await recordCaughtReply(t.deps.sql, t.deps.registry, message));
      },
    });
  });
  afterAll(async () => {
    await catcher?.close();
    await t?.close();
  });

  it('turns mail to reply+<token>@ into email.replied for the tracked message', async () => {
    const { sql } = t.deps;
    const tracking = await makeTrackingUrls(sql, {
      workspaceId: t.workspaceId,
      contactId: 'ann',
      messageKey: '77',
      publicUrl: 'http://127.0.0.1:8080',
    });
    await recordTrackedMessage(sql, tracking, { nodeId: 'welcome', urls: [] });
    const transport = nodemailer.createTransport({ url: catcher.url } as never);
    await transport.sendMail({
      from: 'ann@example.com',
      to: `reply+${tracking.replyToken}@crossroads.local`,
      subject: 'Re: Welcome',
      text: 'Can we talk pricing?',
    });
    await transport.sendMail({
      from: 'x@example.com',
      to: 'someone@crossroads.local',
      subject: 'hi',
      text: 'x',
    });
    await transport.sendMail({
      from: 'x@example.com',
      to: 'reply+bogus@crossroads.local',
      subject: 'hi',
      text: 'x',
    });
    transport.close();
    expect(outcomes).toEqual([true, false, false]);
    const [event] = await sql<{ contactId: string; properties: Record<string, unknown> }[]>`
      select contact_id, properties from events where type = 'email.replied'`;
    expect(event?.contactId).toBe('ann');
    expect(event?.properties).toMatchObject({ messageKey: '77', nodeId: 'welcome', from: 'ann@example.com' });
    expect(String(event?.properties.text)).toContain('Can we talk pricing?');
  });
});
