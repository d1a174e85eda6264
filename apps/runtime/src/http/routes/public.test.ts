import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEmail } from '../../channels/index.js';
import { signTrackingToken } from '../../channels/tracking/index.js';
import { isSuppressed } from '../../deliver/suppressions.js';
import {
  composeOptions,
  makeTrackingUrls,
  recordTrackedMessage,
  type TrackingUrls,
} from '../../deliver/tracking.js';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

const PUBLIC = 'http://127.0.0.1:8080';
const path = (url: string) => url.slice(PUBLIC.length);

describe('public tracking and unsubscribe endpoints', () => {
  let t: TestApp;
  let tracking: TrackingUrls;
  const urls = ['https://acme.test/pricing', 'https://acme.test/docs?a=1&b=2'];

  const events = (type: string) =>
    t.deps.sql<{ id: string; contactId: string; properties: Record<string, unknown> }[]>`
      select id, contact_id, properties from events where workspace_id = ${t.workspaceId} and type = ${type}
      order by received_at`;

  beforeAll(async () => {
    t = await createTestApp();
    await t.deps.sql`insert into contacts (workspace_id, id, attributes)
                     values (${t.workspaceId}, 'ann', ${t.deps.sql.json({ email: 'Ann@Example.com' })})`;
    tracking = await makeTrackingUrls(t.deps.sql, {
      workspaceId: t.workspaceId,
      contactId: 'ann',
      messageKey: '101',
      publicUrl: PUBLIC,
    });
    await recordTrackedMessage(t.deps.sql, tracking, { workflowId: null, nodeId: 'welcome', urls });
  });
  afterAll(() => t?.close());

  it('builds URLs under the public URL', () => {
    expect(tracking.openPixelUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/t\/o\/[\w-]+\.[\w-]+\.gif$/);
    expect(tracking.makeClickUrl(0)).toMatch(/^http:\/\/127\.0\.0\.1:8080\/t\/c\/[\w-]+\.[\w-]+$/);
    expect(tracking.unsubscribePostUrl).toBe(tracking.unsubscribeUrl);
    expect(tracking.unsubscribeUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/u\//);
  });

  it('the open pixel answers a GIF and records email.opened once per minute', async () => {
    const first = await t.app.request(path(tracking.openPixelUrl));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/gif');
    expect(first.headers.get('cache-control')).toContain('no-store');
    expect(
      Buffer.from(await first.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe('GIF89a');
    await t.app.request(path(tracking.openPixelUrl));
    const opened = await events('email.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      contactId: 'ann',
      properties: { messageKey: '101', workflowId: null, nodeId: 'welcome' },
    });
  });

  it('the click redirect goes to the stored URL and records email.clicked', async () => {
    const res = await t.app.request(path(tracking.makeClickUrl(1)));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(urls[1]);
    const clicked = await events('email.clicked');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.properties).toEqual({
      messageKey: '101',
      workflowId: null,
      nodeId: 'welcome',
      url: urls[1],
      idx: 1,
    });
  });

  it('refuses forged, altered and unknown tokens with 404 (no open redirect)', async () => {
    const click = path(tracking.makeClickUrl(0));
    const [payload, tag] = click.slice('/t/c/'.length).split('.') as [string, string];
    const flipped = `${tag.slice(0, -2)}${tag.at(-2) === 'A' ? 'B' : 'A'}${tag.at(-1)}`;
    const otherSecret = signTrackingToken(randomBytes(32), {
      kind: 'c',
      workspaceId: t.workspaceId,
      messageKey: '101',
      idx: 0,
    });
    const attempts = [
      `/t/c/${payload}.${flipped}`,
      `/t/c/${payload}`,
      `/t/c/${otherSecret}`,
      path(tracking.makeClickUrl(7)), // genuine signature, but no such link in the message
      `/t/c/${Buffer.from(JSON.stringify(['c', t.workspaceId, '101', 1])).toString('base64url')}.${tag}`, // payload swapped, tag kept
      '/t/c/https%3A%2F%2Fevil.test',
      `/t/o/${payload}.${flipped}.gif`,
      path(tracking.openPixelUrl).replace('.gif', '.png'),
      `/t/o/${click.slice('/t/c/'.length)}.gif`, // a click token is not an open token
      `/u/${click.slice('/t/c/'.length)}`, // nor an unsubscribe token
    ];
    for (const attempt of attempts) {
      const res = await t.app.request(attempt);
      expect(res.status, attempt).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }
    const post = await t.app.request(`/u/${payload}.${flipped}`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('a message of an unknown workspace or key is 404 even with a genuine signature', async () => {
    const stranger = await makeTrackingUrls(t.deps.sql, {
      workspaceId: '00000000-0000-4000-8000-000000000000',
      contactId: 'x',
      messageKey: 'nope',
      publicUrl: PUBLIC,
    });
    for (const url of [stranger.openPixelUrl, stranger.makeClickUrl(0), stranger.unsubscribeUrl]) {
      expect((await t.app.request(path(url))).status, url).toBe(404);
    }
    expect((await t.app.request(path(stranger.unsubscribeUrl), { method: 'POST' })).status).toBe(404);
  });

  it('GET /u/:token shows a confirm page and changes nothing', async () => {
    const res = await t.app.request(path(tracking.unsubscribeUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<form method="post">');
    expect(await isSuppressed(t.deps.sql, t.workspaceId, { contactId: 'ann' })).toEqual({
      suppressed: false,
    });
  });

  it('RFC 8058 one-click POST suppresses the contact and its address, idempotently', async () => {
    const post = () =>
      t.app.request(path(tracking.unsubscribePostUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    const first = await post();
    expect(first.status).toBe(200);
    const second = await post();
    expect(second.status).toBe(200);
    const byContact = await isSuppressed(t.deps.sql, t.workspaceId, { contactId: 'ann' });
    expect(byContact).toMatchObject({ suppressed: true, reason: 'unsubscribed' });
    // the address is suppressed too: a re-imported contact with the same email stays unsubscribed
    const byEmail = await isSuppressed(t.deps.sql, t.workspaceId, {
      contactId: 'ann-2',
      email: 'ANN@example.com',
    });
    expect(byEmail).toMatchObject({ suppressed: true, reason: 'unsubscribed' });
    const rows = await t.deps
      .sql`select source, message_key from suppressions where workspace_id = ${t.workspaceId}`;
    expect(rows).toEqual([{ source: 'one-click', messageKey: '101' }]);
    expect(await events('email.unsubscribed')).toHaveLength(1);
    // the confirm page's button posts too
    const page = await t.app.request(path(tracking.unsubscribeUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=page',
    });
    expect(page.status).toBe(200);
  });

  it("a composed email's pixel, links and List-Unsubscribe lead to the endpoints", async () => {
    const tracked = await makeTrackingUrls(t.deps.sql, {
      workspaceId: t.workspaceId,
      contactId: 'cara',
      messageKey: '202',
      publicUrl: PUBLIC,
    });
    const { message, trackedUrls } = composeEmail({
      sender: { fromName: 'Acme', fromEmail: 'hi@acme.test', postalAddress: '1 Main St' },
      to: 'cara@example.com',
      subject: 'Hi',
      html: '<p><a href="https://acme.test/a">A</a> <a href="mailto:x@acme.test">mail</a> <a href="https://acme.test/b">B</a></p>',
      text: 'Hi',
      reasonLine: 'You signed up',
      messageId: '<effect-202@acme.test>',
      ...composeOptions(tracked),
    });
    expect(trackedUrls).toEqual(['https://acme.test/a', 'https://acme.test/b']);
    await recordTrackedMessage(t.deps.sql, tracked, { nodeId: 'n', urls: trackedUrls });
    const html = String(message.html);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] as string).replaceAll('&amp;', '&'));
    const clickUrls = hrefs.filter((href) => href.startsWith(`${PUBLIC}/t/c/`));
    expect(clickUrls).toHaveLength(2);
    const redirects = await Promise.all(
      clickUrls.map(async (url) => (await t.app.request(path(url))).headers.get('location')),
    );
    expect(redirects).toEqual(trackedUrls);
    expect(hrefs).toContain('mailto:x@acme.test');
    expect(hrefs).toContain(tracked.unsubscribeUrl); // the footer link is not tracked
    expect(html).toContain(tracked.openPixelUrl);
    const headers = message.headers as Record<string, string>;
    expect(headers['List-Unsubscribe']).toBe(`<${tracked.unsubscribeUrl}>`);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('refuses huge unsubscribe bodies without reading them', async () => {
    const res = await t.app.request(path(tracking.unsubscribePostUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `List-Unsubscribe=One-Click&pad=${'x'.repeat(200_000)}`,
    });
    expect(res.status).toBe(413);
  });

  it('never answers 5xx to junk', async () => {
    for (const junk of [
      '/t/o/.gif',
      '/t/o/%00.gif',
      `/t/c/${'a'.repeat(10_000)}`,
      '/t/c/a.b.c',
      '/u/%FF',
      '/u/..',
    ]) {
      expect((await t.app.request(junk)).status, junk).toBeLessThan(500);
      expect((await t.app.request(junk, { method: 'POST', body: 'x' })).status, junk).toBeLessThan(500);
    }
  });
});
