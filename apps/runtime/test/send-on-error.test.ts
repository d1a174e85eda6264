import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import {
  createChannelsApp,
  linearJourney,
  type MailReceiver,
  sendConfig,
  startMailReceiver,
} from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

/**
 * A send whose "On error" output is connected waits for its email before the contact moves on:
 * delivered, along its output; failed for good, along "On error"; ambiguous, until an operator
 * retries it (POST /v1/enrollments/:id/retry sends it again, and its delivery wakes the step).
 */
describe('a send with an "On error" output', () => {
  let t: TestApp;
  let smtp: MailReceiver;

  const enrolment = async (contactId: string) =>
    (await t.call('GET', `/v1/contacts/${contactId}`)).body.enrollments[0] as {
      id: string;
      state: string;
      nodeId: string;
      retry: { kind: string; nodeId: string; warning: string | null } | null;
    };
  const place = async (contactId: string, attributes: Record<string, unknown>) => {
    await t.call('PUT', `/v1/contacts/${contactId}`, {
      attributes: { first_name: contactId, ...attributes },
    });
    await t.call('POST', '/v1/events', { contactId, type: 'order.placed' });
  };

  beforeAll(async () => {
    smtp = await startMailReceiver();
    t = await createChannelsApp({ SMTP_URL: smtp.url });
    await t.call('PUT', '/v1/settings/channels', {
      sender: { fromName: 'Shop', fromEmail: 'shop@example.com', postalAddress: 'Shop Inc., 1 Main St' },
      guardrails: { frequencyCap: null, quietHours: null, fatigue: null },
    });
    const graph = linearJourney('receipt', 'order.placed', [
      { id: 'receipt', type: 'send', config: sendConfig('Your receipt', { category: 'transactional' }) },
    ]);
    graph.nodes.push({
      id: 'call-them',
      type: 'wait',
      version: 1,
      position: { x: 500, y: 200 },
      config: { mode: 'duration', duration: 'P1D' },
    });
    graph.edges.push({ id: 'e-err', source: 'receipt', sourceHandle: 'on-error', target: 'call-them' });
    await publishJourney(t, graph);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('moves on along its output once the email is delivered', async () => {
    await place('ada', { email: 'ada@example.org' });
    await eventually(async () => (await enrolment('ada')).state === 'completed');
    expect(smtp.to('ada@example.org')).toHaveLength(1);
  });

  it('takes "On error" when the email fails for good', async () => {
    await place('bob', {});
    const row = await eventually(async () => {
      const e = await enrolment('bob');
      return e.state === 'waiting' && e.nodeId === 'call-them' && e;
    });
    expect(row.retry).toBeNull();
    const trace = (await t.call('GET', '/v1/contacts/bob/trace')).body.items as Array<{ nodeId: string }>;
    expect(trace.map((s) => s.nodeId)).toContain('call-them');
  });

  it('keeps an ambiguous email parked until an operator retries it, then moves on', async () => {
    smtp.refuse(true);
    await place('cy', { email: 'cy@example.org' });
    const parked = await eventually(async () => {
      const e = await enrolment('cy');
      return e.state === 'waiting' && e.nodeId === 'receipt' && smtp.refused > 0 && e;
    });
    // As a worker killed mid-SMTP leaves it: the server may have it.
    await t.db.sql`update effects set state = 'ambiguous', last_error = 'interrupted'
                   where kind = 'email' and contact_id = 'cy'`;
    const offered = await enrolment('cy');
    expect(offered.state).toBe('waiting');
    expect(offered.retry).toMatchObject({ kind: 'delivery', nodeId: 'receipt' });
    expect(offered.retry?.warning).toMatch(/may have reached the contact/);
    smtp.refuse(false);
    const retried = await t.call('POST', `/v1/enrollments/${parked.id}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body).toMatchObject({ kind: 'delivery', nodeId: 'receipt' });
    await eventually(async () => (await enrolment('cy')).state === 'completed');
    expect(smtp.to('cy@example.org')).toHaveLength(1);
  });
});
