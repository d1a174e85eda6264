import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runNode } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillText, postNode } from './post.js';

/** A local stand-in for Slack: records posts; answers 500 when the text says "fail". */
let server: Server;
let url: string;
const received: Array<{ path: string; body: unknown }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { text: string };
      received.push({ path: request.url ?? '', body: parsed });
      response
        .writeHead(parsed.text.includes('fail') ? 500 : 200)
        .end(parsed.text.includes('fail') ? 'no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T1/B1/x`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('slack-notify/post', () => {
  it('posts the filled-in message to the webhook and continues', async () => {
    const decision = await runNode(postNode, {
      config: { webhookUrl: url, text: 'Hot lead: {{contact.email}} ({{ contact.company }})' },
      contact: { id: 'c-1', email: 'ada@example.com', company: 'Acme' },
    });
    expect(decision).toMatchObject({ next: 'next', reason: { summary: 'Posted to Slack' } });
    expect(received.at(-1)).toEqual({
      path: '/services/T1/B1/x',
      body: { text: 'Hot lead: ada@example.com (Acme)' },
    });
  });

  it('fails the step when Slack refuses the post', async () => {
    await expect(runNode(postNode, { config: { webhookUrl: url, text: 'please fail' } })).rejects.toThrow(
      'Slack answered 500: no',
    );
  });

  it('accepts only Slack webhook URLs (and loopback, for local tests)', async () => {
    await expect(
      runNode(postNode, { config: { webhookUrl: 'https://evil.example/x', text: 'hi' } }),
    ).rejects.toThrow(/Slack incoming webhook URL.*webhookUrl/s);
    expect(postNode.configSchema.safeParse(postNode.defaults).success).toBe(true);
    expect(postNode.capabilities).toEqual({ http: { hosts: ['hooks.slack.com'] } });
    expect(postNode.idempotent).toBe(false);
  });

  it('fills only own contact attributes', () => {
    expect(
      fillText('{{contact.constructor}}|{{contact.name}}|{{contact.missing}}', { id: 'c', name: 'Ada' }),
    ).toBe('|Ada|');
  });
});
