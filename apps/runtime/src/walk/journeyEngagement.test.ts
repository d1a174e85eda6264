import type { GraphInput } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApp, eventually, publishJourney } from '../../test/helpers.js';
import { makeTrackingUrls, recordTrackedMessage } from '../deliver/tracking.js';

const at = { x: 0, y: 0 };

/** signup → welcome email → wait for email.opened of that node (1 h) → follow-up email. */
const journey: GraphInput = {
  schemaVersion: 1,
  id: 'engaged',
  name: 'engaged',
  settings: { reentry: 'once' },
  nodes: [
    { id: 'start', type: 'trigger', version: 1, position: at, config: { on: 'event', event: 'signup' } },
    {
      id: 'welcome',
      type: 'send',
      version: 1,
      position: at,
      config: {
        subject: 'Welcome',
        html: '<a href="https://acme.test/start">Start</a>',
        reason: 'You signed up',
      },
    },
    {
      id: 'wait-open',
      type: 'wait',
      version: 1,
      position: at,
      config: {
        mode: 'event',
        event: 'email.opened',
        timeout: 'PT1H',
        where: { '==': [{ var: 'event.properties.nodeId' }, 'welcome'] },
      },
    },
    {
      id: 'follow-up',
      type: 'send',
      version: 1,
      position: at,
      config: { subject: 'Glad you looked', text: 'Hi again', reason: 'You opened our welcome email' },
    },
  ],
  edges: [
    { id: 'a', source: 'start', sourceHandle: 'next', target: 'welcome' },
    { id: 'b', source: 'welcome', sourceHandle: 'next', target: 'wait-open' },
    { id: 'c', source: 'wait-open', sourceHandle: 'event', target: 'follow-up' },
  ],
};

describe('engagement through the real endpoints drives journeys', () => {
  let t: Awaited<ReturnType<typeof createEngineApp>>;
  beforeAll(async () => {
    t = await createEngineApp();
    await publishJourney(t, journey);
  });
  afterAll(() => t?.close());

  it('an open through the pixel resumes a wait for email.opened; a click is recorded', async () => {
    const { sql } = t.deps;
    await t.call('PUT', '/v1/contacts/ann', { attributes: { email: 'ann@example.com' } });
    await t.call('POST', '/v1/events', { contactId: 'ann', type: 'signup' });
    const waiting = await eventually(async () => {
      const [row] = await sql`select id, state, wait_event from enrollments where contact_id = 'ann'`;
      return row?.state === 'waiting' && row;
    });
    expect(waiting.waitEvent).toBe('email.opened');
    const [effect] = await sql<{ id: string; workflowId: string }[]>`
      select id, workflow_id from effects where contact_id = 'ann' and node_id = 'welcome'`;
    // What the delivery step does for a tracked send (messageKey = the ledger's effect id).
    const tracking = await makeTrackingUrls(sql, {
      workspaceId: t.workspaceId,
      contactId: 'ann',
      messageKey: String(effect?.id),
      publicUrl: t.deps.config.publicUrl,
    });
    await recordTrackedMessage(sql, tracking, {
      workflowId: effect?.workflowId,
      nodeId: 'welcome',
      urls: ['https://acme.test/start'],
    });
    const local = (url: string) => url.slice(t.deps.config.publicUrl.length);

    const click = await t.app.request(local(tracking.makeClickUrl(0)));
    expect(click.headers.get('location')).toBe('https://acme.test/start');
    const pixel = await t.app.request(local(tracking.openPixelUrl));
    expect(pixel.status).toBe(200);

    await eventually(async () => {
      const [row] = await sql`select state from enrollments where id = ${waiting.id}`;
      return row?.state === 'completed';
    });
    const outputs = (
      await sql`select node_id, output from journey_steps where enrollment_id = ${waiting.id} order by id`
    ).map((r) => `${r.nodeId}:${r.output}`);
    expect(outputs).toContain('wait-open:event');
    expect(outputs).toContain('follow-up:next');
    const engagement = await t.call('GET', '/v1/contacts/ann/engagement');
    expect(engagement.body).toMatchObject({ opens_7d: 1, clicks_7d: 1 });
  });
});
