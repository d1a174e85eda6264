import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import type { RunningWorker } from '../src/worker/worker.js';
import { createChannelsApp, linearJourney } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

const packs = join(import.meta.dirname, '../../../examples/packs');
const fixtures = join(import.meta.dirname, '../src/packs/fixtures');

/** A Slack-like webhook on loopback that answers 500 while `down`, and keeps every post it accepts. */
async function startSlack() {
  const state = { down: true, posts: [] as string[], refused: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (state.down) {
      state.refused++;
      res.writeHead(500).end('slack is down');
      return;
    }
    state.posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).text);
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('failed steps: the "on error" output, operator retries, and the retrying step', () => {
  let t: TestApp & { worker: RunningWorker };
  let slack: Awaited<ReturnType<typeof startSlack>>;
  let editorKey: string;

  const enrolments = async (contactId: string) =>
    (await t.call('GET', `/v1/contacts/${contactId}`)).body.enrollments as Array<{
      id: string;
      workflowId: string;
      state: string;
      nodeId: string;
      error: string | null;
      retrying: { nodeId: string; attempt: number; of: number; nextAt: string; error: string } | null;
      retry: { kind: string; nodeId: string; warning: string | null } | null;
    }>;
  const enter = async (contactId: string, type: string) => {
    await t.call('PUT', `/v1/contacts/${contactId}`, { attributes: { email: `${contactId}@example.org` } });
    await t.call('POST', '/v1/events', { contactId, type });
  };

  beforeAll(async () => {
    slack = await startSlack();
    t = await createChannelsApp({
      CROSSROADS_PACKS: `${join(packs, 'slack-notify')},${join(fixtures, 'flaky')}`,
    });
    editorKey = (await t.call('POST', '/v1/api-keys', { name: 'editor', role: 'editor' })).body.key;
    const post = { webhookUrl: slack.url, text: 'New lead: {{contact.email}}' };
    await publishJourney(
      t,
      linearJourney('notify', 'lead.created', [{ id: 'notify', type: 'slack-notify/post', config: post }]),
    );
    const branching = linearJourney('notify-or-hand-off', 'lead.scored', [
      { id: 'notify', type: 'slack-notify/post', config: post },
    ]);
    branching.nodes.push({
      id: 'tell-sales',
      type: 'slack-notify/post',
      version: 1,
      position: { x: 500, y: 200 },
      config: { ...post, text: 'Could not post about {{contact.email}}' },
    });
    branching.edges.push({ id: 'e-err', source: 'notify', sourceHandle: 'on-error', target: 'tell-sales' });
    await publishJourney(t, branching);
    await publishJourney(
      t,
      linearJourney('sync', 'deal.won', [{ id: 'sync', type: 'flaky/sync', config: {} }]),
    );
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  it('fails a non-idempotent step once, offers a retry with a warning, and resumes from it when a publisher asks', async () => {
    await enter('ada', 'lead.created');
    const [failed] = await eventually(async () => {
      const rows = await enrolments('ada');
      return rows[0]?.state === 'failed' && rows;
    });
    expect(failed?.error).toMatch(/Slack answered 500/);
    expect(failed?.retry).toMatchObject({ kind: 'step', nodeId: 'notify' });
    expect(failed?.retry?.warning).toMatch(/'Post to Slack' may already have done its work/);
    expect(slack.state.refused).toBe(1);

    const id = failed!.id;
    expect((await t.call('POST', `/v1/enrollments/${id}/retry`, undefined, editorKey)).status).toBe(403);
    expect((await t.call('POST', '/v1/enrollments/999999/retry')).status).toBe(404);
    slack.state.down = false;
    const retried = await t.call('POST', `/v1/enrollments/${id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ enrollmentId: id, kind: 'step', nodeId: 'notify', state: 'active' });

    await eventually(async () => (await enrolments('ada'))[0]?.state === 'completed');
    expect(slack.state.posts).toEqual(['New lead: ada@example.org']);
    const again = await t.call('POST', `/v1/enrollments/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/Nothing to retry: the journey is completed/);

    const trace = (await t.call('GET', '/v1/contacts/ada/trace')).body.items as Array<{
      nodeId: string;
      output: string | null;
      reason: { summary: string } | null;
    }>;
    const summaries = trace.filter((s) => s.nodeId === 'notify').map((s) => s.reason?.summary);
    expect(summaries).toEqual([
      expect.stringMatching(/Slack answered 500/),
      expect.stringMatching(/^Retried by .+ after: .*Slack answered 500/),
      'Posted to Slack',
    ]);
    const audit = await t.call('GET', '/v1/audit?action=enrollment.*');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'enrollment.retried', subject: id }),
    );
  });

  it('takes a failed step along its "on error" output when it is connected', async () => {
    slack.state.down = true;
    await enter('grace', 'lead.scored');
    await eventually(async () => slack.state.refused >= 3);
    const [row] = await eventually(async () => {
      const rows = await enrolments('grace');
      return rows[0]?.state === 'failed' && rows;
    });
    // Both posts failed: the first along "on error" to the second, which has no "on error" edge.
    expect(row).toMatchObject({ nodeId: 'tell-sales' });
    const trace = (await t.call('GET', '/v1/contacts/grace/trace')).body.items as Array<{
      nodeId: string;
      output: string | null;
    }>;
    expect(trace.map((s) => [s.nodeId, s.output])).toEqual([
      ['start', 'next'],
      ['notify', 'on-error'],
      ['tell-sales', null],
    ]);
  });

  it('shows a step the runtime is retrying while it does, and tries it now when an operator asks', async () => {
    await enter('lin', 'deal.won');
    const [retrying] = await eventually(async () => {
      const rows = await enrolments('lin');
      return rows[0]?.retrying && rows;
    });
    expect(retrying?.state).toBe('active');
    expect(retrying?.retrying).toMatchObject({ nodeId: 'sync', attempt: 2, of: 6 });
    expect(retrying?.retrying?.error).toMatch(/Billing answered 503/);
    expect(Date.parse(retrying!.retrying!.nextAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(retrying?.retry).toEqual({ kind: 'now', nodeId: 'sync', warning: null });

    const now = await t.call('POST', `/v1/enrollments/${retrying!.id}/retry`);
    expect(now.status).toBe(202);
    expect(now.body).toMatchObject({ kind: 'now', nodeId: 'sync' });
    // Tried now, it failed again: the next try is the third of six.
    const after = await eventually(async () => {
      const [row] = await enrolments('lin');
      return row?.retrying && row.retrying.attempt >= 3 && row;
    });
    expect(after.retrying).toMatchObject({ nodeId: 'sync', attempt: 3, of: 6 });
  });
});
