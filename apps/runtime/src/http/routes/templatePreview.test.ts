import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLoopWhile } from '../../testing/eventLoop.js';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

// Issue 18: an auditor key (read-only) posted a preview whose one Liquid output chains
// `split: '' | sort_natural | sort` over a 2,000,000-character contact attribute, and /healthz
// stalled for 7.5–11.7 s. Templates now render in threads under a hard limit, with caps on data.
let t: TestApp;
let auditor: string;
const CHAIN = "{{ contact.bio | split: '' | sort_natural | sort | join: '' }}";
const bio = (chars: number) => 'qwertyuiopasdfghjklzxcvbnm'.repeat(Math.ceil(chars / 26)).slice(0, chars);

beforeAll(async () => {
  // The request deadline is not what these tests are about: a busy machine may take seconds of wall
  // time for the 1.5 s of CPU a render may use.
  t = await createTestApp({ env: { REQUEST_TIMEOUT_MS: '120000' } });
  auditor = (await t.call('POST', '/v1/api-keys', { name: 'auditor', role: 'auditor' })).body.key;
  // Warm up: the first render starts the render threads (a bundle, then two threads).
  expect(
    (await t.call('POST', '/v1/templates/preview', { template: { subject: 'hi' } }, auditor)).status,
  ).toBe(200);
});
afterAll(() => t?.close());

/** /healthz on the same app, as a monitor would poll it. */
const healthz = async () => expect((await t.app.request('/healthz')).status).toBe(200);

describe('hostile template previews', () => {
  it("answers the issue's preview with 422 and the reason, the event loop never held", async () => {
    const put = await t.call('PUT', '/v1/contacts/huge', { attributes: { bio: bio(2_000_000) } });
    expect(put.status).toBe(200);
    let stored: Awaited<ReturnType<TestApp['call']>> | undefined;
    let inline: Awaited<ReturnType<TestApp['call']>> | undefined;
    const loop = await eventLoopWhile(healthz, async () => {
      stored = await t.call(
        'POST',
        '/v1/templates/preview',
        { template: { html: CHAIN }, contactId: 'huge' },
        auditor,
      );
      inline = await t.call(
        'POST',
        '/v1/templates/preview',
        { template: { html: CHAIN }, contact: { bio: bio(2_000_000) } },
        auditor,
      );
    });
    for (const answer of [stored!, inline!]) {
      expect(answer.status).toBe(422);
      expect(answer.body.problems).toEqual([
        expect.objectContaining({
          code: 'template.limit',
          path: 'template.html',
          message: 'the data given to the template is larger than 1,000,000 characters',
        }),
      ]);
    }
    expect(loop.heldMs).toBeLessThan(100);
    expect(loop.probeMs.length).toBeGreaterThan(0);
  });

  it('stops one output that runs past the hard limit mid-filter, the event loop free throughout', async () => {
    // One output evaluating an expression per character of 900,000: seconds of CPU, no tag in
    // between where liquidjs' own 1 s limit could stop it. The thread is terminated at 1.5 s of CPU.
    const where = `{{ contact.bio | split: '' | where_exp: 'c', 'c == "a" or c contains "z"' | size }}`;
    let answer: Awaited<ReturnType<TestApp['call']>> | undefined;
    const loop = await eventLoopWhile(healthz, async () => {
      answer = await t.call(
        'POST',
        '/v1/templates/preview',
        {
          template: { html: where, subject: 'Hi {{ contact.name }}' },
          contact: { bio: bio(900_000), name: 'Ann' },
        },
        auditor,
      );
    });
    expect(answer!.status).toBe(422);
    expect(answer!.body.problems).toEqual([
      expect.objectContaining({
        code: 'template.limit',
        path: 'template.html',
        message: 'rendering took more than 1.5 s of CPU and was stopped',
      }),
    ]);
    expect(loop.heldMs).toBeLessThan(100);
    // /healthz kept answering throughout: the preview took many probe intervals.
    expect(loop.probeMs.length).toBeGreaterThan(10);
  });
});
