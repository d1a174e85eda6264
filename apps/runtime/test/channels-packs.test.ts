import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../src/testing/testApp.js';
import { createChannelsApp } from './channels-helpers.js';
import { eventually, publishJourney } from './helpers.js';

const packs = join(import.meta.dirname, '../../../examples/packs');

/** A Slack-like incoming webhook on loopback that keeps every post. */
async function startSlack() {
  const posts: Array<{ text: string }> = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('pack nodes run by the engine in their sandbox', () => {
  let t: TestApp;
  let slack: Awaited<ReturnType<typeof startSlack>>;

  beforeAll(async () => {
    slack = await startSlack();
    t = await createChannelsApp({
      CROSSROADS_PACKS: `${join(packs, 'ab-split')},${join(packs, 'slack-notify')}`,
    });
    const post = (id: string, variant: string) => ({
      id,
      type: 'slack-notify/post',
      version: 1,
      position: { x: 500, y: 0 },
      config: { webhookUrl: slack.url, text: `${variant}: {{contact.email}}` },
    });
    await publishJourney(t, {
      schemaVersion: 1,
      id: 'split-and-notify',
      name: 'Split and notify',
      settings: { reentry: 'once' },
      nodes: [
        {
          id: 'start',
          type: 'trigger',
          version: 1,
          position: { x: 0, y: 0 },
          config: { on: 'event', event: 'lead.created' },
        },
        {
          id: 'split',
          type: 'ab-split/split',
          version: 1,
          position: { x: 250, y: 0 },
          config: {
            salt: 'test',
            branches: [
              { id: 'a', label: 'A', weight: 50 },
              { id: 'b', label: 'B', weight: 50 },
            ],
          },
        },
        post('notify-a', 'A'),
        post('notify-b', 'B'),
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'split' },
        { id: 'e2', source: 'split', sourceHandle: 'a', target: 'notify-a' },
        { id: 'e3', source: 'split', sourceHandle: 'b', target: 'notify-b' },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  it('records the split output in the trace and posts exactly once per contact', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `lead-${i}`);
    for (const id of ids) {
      await t.call('PUT', `/v1/contacts/${id}`, { attributes: { email: `${id}@example.org` } });
      await t.call('POST', '/v1/events', { contactId: id, type: 'lead.created' });
    }
    await eventually(async () => {
      const [row] = await t.db.sql<{ n: number }[]>`
        select count(*)::int as n from enrollments where state = 'completed'`;
      return row?.n === ids.length;
    }, 20_000);
    const branches = new Map<string, string>();
    for (const id of ids) {
      const steps = (await t.call('GET', `/v1/contacts/${id}/trace`)).body.items as Array<{
        nodeId: string;
        output: string | null;
        reason: { summary: string } | null;
      }>;
      const split = steps.find((s) => s.nodeId === 'split');
      expect(split?.output).toMatch(/^[ab]$/);
      expect(split?.reason?.summary).toMatch(/^Branch '[AB]'/);
      branches.set(id, split?.output as string);
      expect(steps.find((s) => s.nodeId === `notify-${split?.output}`)?.reason?.summary).toBe(
        'Posted to Slack',
      );
    }
    expect(new Set(branches.values()).size).toBe(2);
    // Each contact's post arrived once, on its branch.
    expect(slack.posts).toHaveLength(ids.length);
    for (const id of ids) {
      const mine = slack.posts.filter((p) => p.text.endsWith(`${id}@example.org`));
      expect(mine).toEqual([{ text: `${branches.get(id)?.toUpperCase()}: ${id}@example.org` }]);
    }
  });
});
