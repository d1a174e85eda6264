import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { advance, checkGraphPacks, testContext } from '@crossroads/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { loadRegistry, type RuntimeRegistry } from '../registry.js';

const examples = fileURLToPath(new URL('../../../../examples/packs/', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const logger = createLogger('silent');

/** A local stand-in for Slack's incoming webhooks. */
let slack: Server;
let webhookUrl: string;
const posts: string[] = [];
let registry: RuntimeRegistry;

beforeAll(async () => {
  slack = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      posts.push((JSON.parse(body) as { text: string }).text);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T/B/x`;
  const config = loadConfig({
    CROSSROADS_PACKS: `${examples}ab-split, ${examples}slack-notify, ${fixtures}bad-manifest`,
    CROSSROADS_ALLOW_LOOPBACK_URLS: 'true',
  });
  registry = await loadRegistry(config, logger);
});
afterAll(async () => {
  await registry.close();
  await new Promise<void>((resolve) => slack.close(() => resolve()));
});

const graph = () => ({
  schemaVersion: 1 as const,
  id: 'lead-alerts',
  name: 'Lead alerts',
  nodes: [
    {
      id: 'trigger',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'signup' },
    },
    {
      id: 'split',
      type: 'ab-split/split',
      version: 1,
      position: { x: 0, y: 100 },
      config: {
        salt: 'alerts',
        branches: [
          { id: 'alert', label: 'Alert sales', weight: 1 },
          { id: 'quiet', label: 'Stay quiet', weight: 1 },
        ],
      },
    },
    {
      id: 'slack',
      type: 'slack-notify/post',
      version: 1,
      position: { x: 0, y: 200 },
      config: { webhookUrl, text: 'New signup: {{contact.email}}' },
    },
  ],
  edges: [
    { id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'split' },
    { id: 'e2', source: 'split', sourceHandle: 'alert', target: 'slack' },
  ],
  settings: { reentry: 'once' as const, timezone: 'UTC' },
  packs: { '@crossroads-examples/ab-split': '^0.1.0', '@crossroads-examples/slack-notify': '^0.1.0' },
});

const walk = (id: string) => {
  const base = testContext({});
  return advance({
    graph: graph(),
    registry,
    from: { nodeId: 'trigger' },
    contact: { id, email: `${id}@example.com` },
    event: { type: 'signup', properties: {}, timestamp: base.now.toISOString() },
    journey: base.journey,
    now: base.now,
    segments: {},
  });
};

describe('runtime registry with packs', () => {
  it('holds the built-ins and the good packs, and lists the refused one in packErrors', () => {
    expect(registry.get('ab-split/split', 1)?.title).toBe('A/B split');
    expect(registry.get('slack-notify/post', 1)?.idempotent).toBe(false);
    expect(registry.get('wait', 1)).toBeDefined();
    expect(registry.packErrors).toEqual([
      { spec: `${fixtures}bad-manifest`, message: expect.stringContaining('crossroads.apiVersion') },
    ]);
    expect(checkGraphPacks(graph(), registry)).toEqual([]);
  });

  it('walks a journey through both packs, running pack nodes in the sandbox', async () => {
    const outputs = new Map<string, string | null | undefined>();
    for (const id of ['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6']) {
      const result = await registry.settle(() => walk(id));
      expect(result.park).toEqual({ kind: 'end', outcome: 'completed' });
      const split = result.steps.find((step) => step.nodeId === 'split');
      outputs.set(id, split?.output);
      if (split?.output === 'alert') {
        expect(result.steps.at(-1)).toMatchObject({ nodeId: 'slack', output: 'next' });
        expect(posts).toContain(`New signup: ${id}@example.com`);
      } else expect(posts).not.toContain(`New signup: ${id}@example.com`);
    }
    expect(new Set(outputs.values())).toEqual(new Set(['alert', 'quiet']));
  });

  it('never runs a pack node in the runtime process outside settle', () => {
    const result = walk('c-1');
    expect(result.park).toMatchObject({ kind: 'end', outcome: 'failed' });
    expect(JSON.stringify(result)).toContain(
      'ab-split/split is a pack node: run the walk inside settleAsyncNodes',
    );
  });

  it('refuses loopback webhooks when the runtime does not allow loopback', async () => {
    const strict = await loadRegistry(loadConfig({ CROSSROADS_PACKS: `${examples}slack-notify` }), logger);
    try {
      const ctx = testContext({ webhookUrl, text: 'hi' });
      await expect(strict.execute('slack-notify/post', 1, ctx)).rejects.toThrow(
        'fetch failed: slack-notify/post@1 may not reach 127.0.0.1: it declares http hosts [hooks.slack.com]',
      );
    } finally {
      await strict.close();
    }
  });
});
