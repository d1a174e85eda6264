import { DateTime } from 'luxon';
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

const SENDER = { fromName: 'Example', fromEmail: 'hello@example.com', postalAddress: '1 Main St' };

describe('guardrails in the delivery step, explained in the trace', () => {
  let t: TestApp;
  let smtp: MailReceiver;

  beforeAll(async () => {
    smtp = await startMailReceiver();
    t = await createChannelsApp({ SMTP_URL: smtp.url });
    // Two marketing emails in a row, and a stop-marketing handoff followed by a marketing email.
    await publishJourney(
      t,
      linearJourney('two-sends', 'two.sends', [
        { id: 'first', type: 'send', config: sendConfig('First') },
        { id: 'second', type: 'send', config: sendConfig('Second') },
      ]),
    );
    await publishJourney(
      t,
      linearJourney('one-send', 'one.send', [{ id: 'only', type: 'send', config: sendConfig('Only') }]),
    );
    await publishJourney(
      t,
      linearJourney('handoff-then-send', 'hot.lead', [
        {
          id: 'to-sales',
          type: 'sales-handoff',
          config: {
            assignment: { mode: 'owner', owner: 'ana@example.com' },
            priority: 'high',
            note: 'Call {{ contact.first_name }}',
            stopMarketing: true,
            signals: [],
          },
        },
        { id: 'nurture', type: 'send', config: sendConfig('Nurture') },
      ]),
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const guardrails = async (policy: Record<string, unknown>) => {
    const res = await t.call('PUT', '/v1/settings/channels', {
      sender: SENDER,
      guardrails: { frequencyCap: null, quietHours: null, fatigue: null, ...policy },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const enter = async (id: string, event: string, attributes: Record<string, unknown> = {}) => {
    await t.call('PUT', `/v1/contacts/${id}`, { attributes: { email: `${id}@example.org`, ...attributes } });
    await t.call('POST', '/v1/events', { contactId: id, type: event });
  };
  /** The trace row of a delivery outcome at one of `nodeIds`. */
  const deliveryStep = (id: string, nodeIds: string | string[], delivery: string) =>
    eventually(async () => {
      const items = (await t.call('GET', `/v1/contacts/${id}/trace`)).body.items as Array<{
        nodeId: string;
        decision: Record<string, unknown>;
        reason: { summary: string };
      }>;
      return items.find((s) => [nodeIds].flat().includes(s.nodeId) && s.decision.delivery === delivery);
    });

  it('quiet hours defer the send and the trace says until when', async () => {
    const now = DateTime.utc();
    // Quiet from an hour ago until two hours from now, in the contact's zone.
    await guardrails({
      quietHours: {
        start: now.minus({ hours: 1 }).toFormat('HH:mm'),
        end: now.plus({ hours: 2 }).toFormat('HH:mm'),
        timezoneFallback: 'UTC',
      },
    });
    await enter('night-owl', 'two.sends', { timezone: 'UTC' });
    const step = await deliveryStep('night-owl', 'first', 'deferred');
    const until = DateTime.fromISO(String(step.decision.until));
    expect(until.toUTC().toFormat('HH:mm')).toBe(now.plus({ hours: 2 }).toFormat('HH:mm'));
    expect(step.decision.code).toBe('quiet-hours');
    expect(step.reason.summary).toContain(`deferred until ${step.decision.until}`);
    const [row] = await t.db.sql<{ state: string }[]>`
      select state from effects where contact_id = 'night-owl' and node_id = 'first'`;
    expect(row?.state).toBe('pending');
    expect(smtp.to('night-owl@example.org')).toHaveLength(0);
  });

  // The two emails are queued by one walk and delivered concurrently: whichever is checked first goes.
  it('a frequency cap with onCap skip sends one of two emails queued together and skips the other', async () => {
    await guardrails({ frequencyCap: { maxSends: 1, window: 'P1D', onCap: 'skip' } });
    await enter('capped', 'two.sends');
    const step = await deliveryStep('capped', ['first', 'second'], 'skipped');
    expect(step.decision.code).toBe('frequency-cap');
    expect(step.reason.summary).toMatch(/Frequency cap/);
    await eventually(async () => smtp.to('capped@example.org').length === 1);
    await eventually(async () => {
      const states = await t.db.sql<{ state: string }[]>`
        select state from effects where contact_id = 'capped' order by state`;
      return states.map((r) => r.state).join() === 'sent,skipped';
    });
  });

  it('a frequency cap with onCap defer holds the second email until the window frees up', async () => {
    await guardrails({ frequencyCap: { maxSends: 1, window: 'PT6H', onCap: 'defer' } });
    await enter('patient', 'two.sends');
    const step = await deliveryStep('patient', ['first', 'second'], 'deferred');
    expect(step.decision.code).toBe('frequency-cap');
    const first = await eventually(async () => {
      const [row] = await t.db.sql<{ sentAt: Date; createdAt: Date }[]>`
        select sent_at, created_at from effects where contact_id = 'patient' and state = 'sent'`;
      return row;
    });
    const until = new Date(String(step.decision.until)).getTime();
    // The window frees up six hours after the first send: counted from its claim (while it was
    // being sent) or its sending, whichever the check saw; never outside those.
    expect(until).toBeGreaterThanOrEqual(first.createdAt.getTime() + 6 * 3600_000);
    expect(until).toBeLessThanOrEqual(first.sentAt.getTime() + 6 * 3600_000);
    expect(smtp.to('patient@example.org')).toHaveLength(1);
  });

  it('fatigue skips a contact who did not open the last sends', async () => {
    await guardrails({ fatigue: { noOpensInLastSends: 2, action: 'skip', slowBy: 'P1D' } });
    for (const n of [1, 2]) {
      await enter('tired', 'one.send');
      await eventually(async () => smtp.to('tired@example.org').length === n);
    }
    await enter('tired', 'one.send');
    const step = await deliveryStep('tired', 'only', 'skipped');
    expect(step.decision.code).toBe('fatigue');
    expect(smtp.to('tired@example.org')).toHaveLength(2);
  });

  it('after a stop-marketing handoff no marketing email goes out', async () => {
    await guardrails({});
    await enter('lead', 'hot.lead');
    const step = await deliveryStep('lead', 'nurture', 'skipped');
    expect(step.decision.code).toBe('stop-marketing');
    expect(smtp.to('lead@example.org')).toHaveLength(0);
  });
});
