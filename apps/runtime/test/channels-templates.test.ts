import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/testing/testApp.js';
import { linearJourney, sendConfig } from './channels-helpers.js';

describe('broken Liquid templates are caught when a journey is saved, not when it sends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const broken = () =>
    linearJourney('broken', 'signed.up', [
      {
        id: 'welcome',
        type: 'send',
        config: sendConfig('Hello', { html: '<p>Hi</p>\n<p>{% if contact.vip %}VIP</p>' }),
      },
    ]);

  it('a draft keeps the problem (node, field, line, column) and publishing refuses it with a 422', async () => {
    const created = await t.call('POST', '/v1/workflows', { graph: broken() });
    expect(created.status).toBe(201);
    const problem = (created.body.problems as Array<Record<string, unknown>>).find((p) =>
      String(p.code).startsWith('template.'),
    );
    expect(problem).toMatchObject({
      severity: 'error',
      nodeId: 'welcome',
      path: 'nodes[1].config.html',
      line: 2,
      column: expect.any(Number),
    });
    const published = await t.call('POST', `/v1/workflows/${created.body.id}/versions`, { message: 'try' });
    expect(published.status).toBe(422);
    expect(JSON.stringify(published.body.problems)).toContain('nodes[1].config.html');
  });
});
