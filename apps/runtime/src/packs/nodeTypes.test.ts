import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp.js';

const examples = fileURLToPath(new URL('../../../../examples/packs/', import.meta.url));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { CROSSROADS_PACKS: `${examples}ab-split,${examples}slack-notify` } });
});
afterAll(() => t.close());

describe('GET /v1/node-types with packs', () => {
  it('serves pack nodes with their pack, JSON Schema form and outputs, next to the built-ins', async () => {
    const { status, body } = await t.call('GET', '/v1/node-types');
    expect(status).toBe(200);
    const byType = new Map(body.items.map((item: { type: string }) => [item.type, item]));
    expect(byType.has('wait')).toBe(true);
    expect(byType.get('ab-split/split')).toMatchObject({
      version: 1,
      title: 'A/B split',
      kind: 'gate',
      pack: { name: '@crossroads-examples/ab-split', version: '0.1.0', author: 'Crossroads examples' },
      hosts: [],
      outputs: null,
      // Every pack node can branch on its failure: the runtime adds "On error" after its own outputs.
      outputsForDefaults: [
        { id: 'a', label: 'Variant A (50%)', required: true },
        { id: 'b', label: 'Variant B (50%)', required: true },
        { id: 'on-error', label: 'On error' },
      ],
      configSchema: { type: 'object', required: expect.arrayContaining(['salt', 'branches']) },
    });
    expect(byType.get('slack-notify/post')).toMatchObject({
      pack: { name: '@crossroads-examples/slack-notify', author: 'Crossroads examples' },
      hosts: ['hooks.slack.com'],
      outputs: [
        { id: 'next', label: 'Next' },
        { id: 'on-error', label: 'On error' },
      ],
    });
    // Built-ins come from no pack author and reach no declared host; send has its "On error".
    expect(byType.get('send')).toMatchObject({ pack: { name: 'crossroads', author: null }, hosts: [] });
    expect((byType.get('send') as { outputs: Array<{ id: string }> }).outputs.map((o) => o.id)).toContain(
      'on-error',
    );
  });
});
