import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import {
  createChannelsApp,
  hrefs,
  linearJourney,
  type MailReceiver,
  pathOf,
  sendConfig,
  startMailReceiver,
} from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

const POSTAL = 'Example Inc., 1 Main St, Springfield';
const REASON = 'You signed up for a trial at example.com.';

describe('email through a real SMTP server', () => {
  let t: TestApp;
  let smtp: MailReceiver;
  let workflowId: string;

  beforeAll(async () => {
    smtp = await startMailReceiver();
    t = await createChannelsApp({ SMTP_URL: smtp.url });
    const settings = await t.call('PUT', '/v1/settings/channels', {
      sender: { fromName: 'Example', fromEmail: 'hello@example.com', postalAddress: POSTAL },
      guardrails: { frequencyCap: null, quietHours: null, fatigue: null },
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const graph = linearJourney(
      'welcome',
      'signed.up',
      [
        { id: 'welcome', type: 'send', config: sendConfig('Welcome, {{ contact.first_name }}') },
        { id: 'wait-open', type: 'wait', config: { mode: 'event', event: 'email.opened', timeout: 'P1D' } },
        { id: 'follow-up', type: 'send', config: sendConfig('Next steps') },
      ],
      ['next', 'next', 'event'],
    );
    workflowId = await publishJourney(t, {
      ...graph,
      settings: { reentry: 'always', goal: { event: 'purchase' } },
    });
    // A gate that reads the contact's engagement aggregates, no SQL.
    const engaged = linearJourney('engaged', 'check.engagement', [
      {
        id: 'gate',
        type: 'segment-gate',
        config: {
          branches: [
            {
              id: 'engaged',
              label: 'Opened and clicked this week',
              rule: {
                and: [
                  { '>=': [{ var: 'engagement.opens_7d' }, 1] },
                  { '>=': [{ var: 'engagement.clicks_7d' }, 1] },
                ],
              },
            },
          ],
        },
      },
    ]);
    await publishJourney(t, engaged);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const signUp = async (id: string) => {
    const email = `${id}@example.org`;
    expect(
      (await t.call('PUT', `/v1/contacts/${id}`, { attributes: { email, first_name: id } })).status,
    ).toBe(200);
    expect((await t.call('POST', '/v1/events', { contactId: id, type: 'signed.up' })).status).toBeLessThan(
      300,
    );
    return email;
  };
  const trace = async (id: string) =>
    (await t.call('GET', `/v1/contacts/${id}/trace`)).body.items as Array<{
      nodeId: string;
      decision: Record<string, unknown>;
      reason: { summary: string; details?: Record<string, unknown> } | null;
    }>;

  it('delivers with List-Unsubscribe, one-click POST, unsubscribe link, postal address and reason line', async () => {
    const email = await signUp('ann');
    const [message] = await eventually(async () => smtp.to(email).length === 1 && smtp.to(email));
    expect(message?.subject).toBe('Welcome, ann');
    expect(message?.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:8080\/u\/[^>]+>$/);
    expect(message?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(message?.messageId).toMatch(/^<effect-\d+@127\.0\.0\.1>$/);
    for (const body of [message?.html ?? '', message?.text ?? '']) {
      expect(body).toContain(POSTAL);
      expect(body).toContain(REASON);
      expect(body).toMatch(/\/u\/[A-Za-z0-9_.-]+/);
    }
    // The message the ledger lists is the one that went out (footer included), not the bare template.
    const listed = await eventually(async () => {
      const items = (await t.call('GET', '/v1/messages?contactId=ann')).body.items;
      return items[0]?.state === 'sent' && items[0];
    });
    expect(listed.message.messageId).toBe(message?.messageId);
    expect(listed.message.html).toContain(POSTAL);
    // Stored as what composes it again (migration 210), not as its html and text; composed again,
    // it is the message the SMTP server received, byte for byte.
    // (what composes it besides the rendering is stored once per workspace: test/ledger-parts.test.ts)
    const [stored] = await t.db.sql<{ html: string | null; text: string | null; key: string | null }[]>`
      select html, text, composed_key::text as key from messages where effect_id = ${listed.id}`;
    expect(stored).toMatchObject({ html: null, text: null, key: expect.any(String) });
    expect(listed.message.html).toBe(message?.html);
    expect(listed.message.text).toBe(message?.text);
    expect(listed.message.subject).toBe(message?.subject);
    expect(`<${listed.message.headers['List-Unsubscribe']?.replace(/^<|>$/g, '')}>`).toBe(
      message?.headers['list-unsubscribe'],
    );
    expect(listed.message.headers['Message-ID']).toBe(message?.messageId);
  });

  it('an open and a click through the real endpoints resume the wait for email.opened', async () => {
    const email = await signUp('cleo');
    const [first] = await eventually(async () => smtp.to(email).length === 1 && smtp.to(email));
    const links = hrefs(first?.html ?? '');
    const click = links.find((u) => u.includes('/t/c/'));
    const pixel = links.find((u) => u.includes('/t/o/'));
    expect(click && pixel).toBeTruthy();
    const clicked = await t.app.request(pathOf(click as string));
    expect(clicked.status).toBe(302);
    expect(clicked.headers.get('location')).toBe('https://docs.example.com/start');
    const opened = await t.app.request(pathOf(pixel as string));
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/gif');
    const [second] = await eventually(async () => smtp.to(email).length === 2 && smtp.to(email).slice(1));
    expect(second?.subject).toBe('Next steps');
    const steps = await trace('cleo');
    expect(steps.find((s) => s.nodeId === 'wait-open' && 'resumed' in s.decision)?.decision).toMatchObject({
      resumed: 'event',
    });
    const events = await t.db.sql<{ type: string }[]>`
      select type from events where contact_id = 'cleo' and type like 'email.%' order by type`;
    expect(events.map((e) => e.type)).toEqual(['email.clicked', 'email.opened']);
  });

  it('gates read engagement.*; stats count sends, opens, clicks and last-send conversions per node', async () => {
    for (const id of ['cleo', 'ann'])
      await t.call('POST', '/v1/events', { contactId: id, type: 'check.engagement' });
    const gateOutput = (id: string) =>
      eventually(async () => {
        const steps = await trace(id);
        return steps.find((s) => s.nodeId === 'gate' && 'next' in s.decision)?.decision.next as string;
      });
    // cleo opened and clicked in the test above; ann never did.
    expect(await gateOutput('cleo')).toBe('engaged');
    expect(await gateOutput('ann')).toBe('else');
    // ann, still waiting for an open, buys: the conversion counts for the last email she got.
    await t.call('POST', '/v1/events', { contactId: 'ann', type: 'purchase' });
    await eventually(async () => {
      const [row] = await t.db
        .sql`select state from enrollments where contact_id = 'ann' and workflow_id = ${workflowId}`;
      return row?.state === 'converted';
    });
    const stats = await t.call('GET', `/v1/workflows/${workflowId}/stats`);
    const byNode = Object.fromEntries(
      (stats.body.nodes as Array<{ nodeId: string; engagement?: Record<string, number> }>).map((n) => [
        n.nodeId,
        n.engagement,
      ]),
    );
    expect(byNode.welcome).toMatchObject({
      sent: 2,
      delivered: 2,
      opened: 1,
      clicked: 1,
      unsubscribed: 0,
      conversions: 1,
    });
    expect(byNode['follow-up']).toMatchObject({ sent: 1, opened: 0 });
  });

  it('a one-click unsubscribe stops the next send and the trace says it was suppressed', async () => {
    const email = await signUp('bob');
    const [first] = await eventually(async () => smtp.to(email).length === 1 && smtp.to(email));
    const target = /<([^>]+)>/.exec(first?.headers['list-unsubscribe'] ?? '')?.[1] as string;
    const unsubscribed = await t.app.request(pathOf(target), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    const pixel = hrefs(first?.html ?? '').find((u) => u.includes('/t/o/')) as string;
    expect((await t.app.request(pathOf(pixel))).status).toBe(200);
    const skipped = await eventually(async () => {
      const steps = await trace('bob');
      return steps.find((s) => s.nodeId === 'follow-up' && s.decision.delivery === 'skipped');
    });
    expect(skipped.decision).toMatchObject({ code: 'suppressed' });
    expect(skipped.reason?.summary).toMatch(/suppressed \(unsubscribed\)/);
    const [row] = await t.db.sql<{ state: string }[]>`
      select state from effects where contact_id = 'bob' and node_id = 'follow-up'`;
    expect(row?.state).toBe('skipped');
    expect(smtp.to(email)).toHaveLength(1);
  });

  it('an SMTP server refusing (451) for a while then recovering loses and duplicates nothing', async () => {
    smtp.refuse(true);
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const addresses = await Promise.all(ids.map(signUp));
    await eventually(async () => smtp.refused >= 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    smtp.refuse(false);
    await eventually(async () => addresses.every((a) => smtp.to(a).length >= 1), 15_000);
    // The server has them all; the ledger records each as sent right after.
    const rows = await eventually(async () => {
      const found = await t.db.sql<{ state: string; attempts: number; messageId: string }[]>`
        select e.state, e.attempts, m.message_id from effects e join messages m on m.effect_id = e.id
        where e.contact_id = any(${ids}) and e.node_id = 'welcome'`;
      return found.length === ids.length && found.every((r) => r.state === 'sent') && found;
    });
    expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThan(1);
    const counts = smtp.byMessageId();
    for (const row of rows) expect(counts.get(row.messageId)).toBe(1);
  });

  it('the walk hands delivery the rendered email: a later change to the contact does not alter it', async () => {
    smtp.refuse(true);
    const email = await signUp('erin');
    const [row] = await eventually(async () => {
      const found = await t.db.sql<{ prepared: Record<string, unknown> | null; lastError: string | null }[]>`
        select r.prepared, f.last_error from effects f join effect_renderings r on r.effect_id = f.id
        where f.contact_id = 'erin' and f.node_id = 'welcome'`;
      return found[0]?.lastError ? found : undefined;
    });
    // Rendered with the contact the walk read, with the version's cap (none here).
    expect(row?.prepared).toMatchObject({ to: email, subject: 'Welcome, erin', frequencyCap: null });
    // The retry after the refusal sends what the walk rendered, not the contact as it is now.
    expect((await t.call('PUT', '/v1/contacts/erin', { attributes: { first_name: 'Changed' } })).status).toBe(
      200,
    );
    smtp.refuse(false);
    const [sent] = await eventually(async () => smtp.to(email).length === 1 && smtp.to(email));
    expect(sent?.subject).toBe('Welcome, erin');
  });

  it('an ambiguous email is sent again only when an operator asks, under the same Message-ID, audited', async () => {
    const email = await signUp('dora');
    const [first] = await eventually(async () => smtp.to(email).length === 1 && smtp.to(email));
    const listed = await eventually(async () => {
      const items = (await t.call('GET', '/v1/messages?contactId=dora')).body.items;
      return items[0]?.state === 'sent' && items[0];
    });
    expect((await t.call('POST', `/v1/messages/${listed.id}/resend`)).status).toBe(409);
    // As a worker killed mid-SMTP leaves it: the server may have it, so nothing resends it by itself.
    await t.db
      .sql`update effects set state = 'ambiguous', last_error = 'interrupted' where id = ${listed.id}`;
    const resent = await t.call('POST', `/v1/messages/${listed.id}/resend`);
    expect(resent.status, JSON.stringify(resent.body)).toBe(202);
    // A resend renders again: the message that was sent is written in full first and still listed.
    const [kept] = await t.db.sql<{ html: string | null; composed: unknown }[]>`
      select html, composed from messages where effect_id = ${listed.id}`;
    expect(kept).toEqual({ html: listed.message.html, composed: null });
    const [second] = await eventually(async () => smtp.to(email).length === 2 && smtp.to(email).slice(1));
    expect(second?.messageId).toBe(first?.messageId);
    const after = await eventually(async () => {
      const items = (await t.call('GET', '/v1/messages?contactId=dora')).body.items;
      return items[0]?.state === 'sent' && items[0];
    });
    expect(after.attempts).toBe(1);
    const audit = await t.db.sql<{ subject: string; details: { previousState: string } }[]>`
      select subject, details from audit_log where action = 'email.resent'`;
    expect(audit).toEqual([
      { subject: listed.id, details: expect.objectContaining({ previousState: 'ambiguous' }) },
    ]);
    expect((await t.call('POST', '/v1/messages/999999999/resend')).status).toBe(404);
    expect((await t.call('POST', '/v1/messages/not-a-number/resend')).status).toBe(404);
  });

  it('a resent email is rendered again from the contact as it is now (e.g. given an address)', async () => {
    expect((await t.call('PUT', '/v1/contacts/fay', { attributes: { first_name: 'Fay' } })).status).toBe(200);
    expect((await t.call('POST', '/v1/events', { contactId: 'fay', type: 'signed.up' })).status).toBeLessThan(
      300,
    );
    const failed = await eventually(async () => {
      const items = (await t.call('GET', '/v1/messages?contactId=fay')).body.items;
      return items[0]?.state === 'failed' && items[0];
    });
    expect(failed.lastError).toMatch(/has no email attribute/);
    expect(
      (await t.call('PUT', '/v1/contacts/fay', { attributes: { email: 'fay@example.org' } })).status,
    ).toBe(200);
    expect((await t.call('POST', `/v1/messages/${failed.id}/resend`)).status).toBe(202);
    const [sent] = await eventually(
      async () => smtp.to('fay@example.org').length === 1 && smtp.to('fay@example.org'),
    );
    expect(sent?.subject).toBe('Welcome, Fay');
  });
});
