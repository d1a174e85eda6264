import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrackingUrls, recordTrackedMessage } from '../../deliver/tracking.js';
import { createTestApp, type TestApp } from '../../testing/testApp.js';

describe('channel routes', () => {
  let t: TestApp;
  let strict: TestApp;
  let otherKey: string;
  let ingestKey: string;
  let auditorKey: string;

  beforeAll(async () => {
    t = await createTestApp();
    strict = await createTestApp({ env: { CROSSROADS_ALLOW_LOOPBACK_URLS: 'false' } });
    otherKey = (await t.call('POST', '/v1/workspaces', { name: 'other' })).body.adminKey;
    ingestKey = (await t.call('POST', '/v1/api-keys', { name: 'ingest', role: 'ingest' })).body.key;
    auditorKey = (await t.call('POST', '/v1/api-keys', { name: 'auditor', role: 'auditor' })).body.key;
    expect(otherKey && ingestKey && auditorKey).toBeTruthy();
  });
  afterAll(async () => {
    await t?.close();
    await strict?.close();
  });

  describe('settings', () => {
    it('returns defaults when nothing is set', async () => {
      const res = await t.call('GET', '/v1/settings/channels');
      expect(res.status).toBe(200);
      expect(res.body.sender.fromEmail).toBe('journeys@crossroads.local');
      expect(res.body.sender.postalAddress).toBe('');
      expect(res.body.guardrails).toEqual({
        frequencyCap: { maxSends: 5, window: 'P7D', onCap: 'defer' },
        quietHours: null,
        fatigue: null,
      });
      expect(res.body.crm).toEqual({ webhookUrl: null, secrets: [] });
    });

    it('round-trips sender, guardrails and CRM, showing secrets by prefix only', async () => {
      const body = {
        sender: {
          fromName: 'Acme',
          fromEmail: 'hi@acme.test',
          replyTo: 'sales@acme.test',
          postalAddress: '1 Main St',
        },
        guardrails: {
          frequencyCap: { maxSends: 2, window: 'P3D', onCap: 'skip' },
          quietHours: { start: '21:00', end: '08:00', timezoneFallback: 'Europe/Berlin' },
          fatigue: { noOpensInLastSends: 4, action: 'slow', slowBy: 'P2D' },
        },
        crm: { webhookUrl: 'http://127.0.0.1:9999/hooks' },
      };
      const put = await t.call('PUT', '/v1/settings/channels', body);
      expect(put.status).toBe(200);
      // an endpoint without secrets gets one generated, shown once
      expect(put.body.generatedSecrets).toHaveLength(1);
      const secret: string = put.body.generatedSecrets[0].secret;
      expect(secret).toMatch(/^whsec_/);
      const got = await t.call('GET', '/v1/settings/channels');
      expect(got.body.sender).toEqual(body.sender);
      expect(got.body.guardrails).toEqual(body.guardrails);
      expect(got.body.crm.webhookUrl).toBe(body.crm.webhookUrl);
      expect(got.body.crm.secrets).toHaveLength(1);
      expect(JSON.stringify(got.body)).not.toContain(secret);
      expect(secret.startsWith(got.body.crm.secrets[0].prefix.replace('…', ''))).toBe(true);

      // rotation: a new secret first, the old one kept by echoing what GET returned
      const rotated = await t.call('PUT', '/v1/settings/channels', {
        ...got.body,
        crm: { ...got.body.crm, secrets: [{ generate: true }, ...got.body.crm.secrets] },
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body.crm.secrets.map((s: { id: string }) => s.id)).toEqual([
        rotated.body.generatedSecrets[0].id,
        got.body.crm.secrets[0].id,
      ]);
      // omitting crm.secrets keeps them; the audit log records the change without secrets
      const again = await t.call('PUT', '/v1/settings/channels', {
        ...body,
        crm: { webhookUrl: body.crm.webhookUrl },
      });
      expect(again.body.crm.secrets).toHaveLength(2);
      const audit = await t.call('GET', '/v1/audit?action=channels.settings.updated');
      expect(audit.status).toBe(200);
      expect(JSON.stringify(audit.body)).not.toContain('whsec_');
    });

    it('refuses unsafe webhook URLs at save time naming crm.webhookUrl and the reason', async () => {
      for (const [url, reason] of [
        ['http://127.0.0.1/hook', 'loopback'],
        ['http://169.254.169.254/latest', 'metadata'],
        ['http://[fe80::1]/', 'link-local'],
        ['http://[::ffff:10.0.0.1]/', 'IPv4-mapped'],
        ['http://[::127.0.0.1]/', 'IPv4-compatible'],
        ['http://0x7f.1/', 'loopback'],
        ['http://10.1.2.3/', 'private'],
        ['ftp://crm.example.com/', 'scheme'],
        ['https://user:pw@crm.example.com/', 'credentials'],
      ] as const) {
        const res = await strict.call('PUT', '/v1/settings/channels', { crm: { webhookUrl: url } });
        expect(res.status, url).toBe(422);
        expect(res.body.problems[0].path).toBe('crm.webhookUrl');
        expect(res.body.detail).toContain(reason);
      }
      const ok = await strict.call('PUT', '/v1/settings/channels', {
        crm: { webhookUrl: 'https://crm.example.com/h' },
      });
      expect(ok.status).toBe(200);
    });

    it('resolves the host name at save time and refuses a name that resolves to loopback', async () => {
      // This machine's own name resolves to a loopback address through /etc/hosts on most hosts.
      const name = hostname();
      const addresses = await lookup(name, { all: true }).catch(() => []);
      if (!addresses.some((a) => /^127\.|^::1$/.test(a.address)))
        return console.warn(`${name} is not loopback here`);
      const res = await strict.call('PUT', '/v1/settings/channels', {
        crm: { webhookUrl: `http://${name}:9/h` },
      });
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(new RegExp(`${name} resolves to .*loopback`));
    });

    it('keeps guardrails and CRM saved without a sender, whose postal address stays empty', async () => {
      const guardrails = { quietHours: { start: '22:00', end: '07:30', timezoneFallback: 'Europe/Paris' } };
      const put = await t.call('PUT', '/v1/settings/channels', { guardrails, crm: { webhookUrl: null } });
      expect(put.status).toBe(200);
      const got = await t.call('GET', '/v1/settings/channels');
      expect(got.body.sender.postalAddress).toBe('');
      expect(got.body.guardrails.quietHours).toEqual(guardrails.quietHours);
    });

    it('names bad fields (400) and unknown secret ids (422)', async () => {
      const bad = await t.call('PUT', '/v1/settings/channels', {
        sender: { fromName: 'A\r\nBcc: x@y.z', fromEmail: 'nope', postalAddress: '' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual([
        'sender.fromEmail',
        'sender.fromName',
        'sender.postalAddress',
      ]);
      const postal = bad.body.problems.find((p: { path: string }) => p.path === 'sender.postalAddress');
      expect(postal.message).toMatch(/postal address is required.*footer/);
      const unknown = await t.call('PUT', '/v1/settings/channels', {
        crm: { webhookUrl: 'https://crm.example.com/h', secrets: [{ id: 'sec_nope' }] },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.problems[0].path).toBe('crm.secrets[0].id');
    });

    it('is for admins only', async () => {
      expect((await t.call('GET', '/v1/settings/channels', undefined, auditorKey)).status).toBe(403);
      expect((await t.call('PUT', '/v1/settings/channels', {}, ingestKey)).status).toBe(403);
    });
  });

  describe('suppressions', () => {
    it('adds (idempotently), lists, filters and removes', async () => {
      const added = await t.call('POST', '/v1/suppressions', { contactId: 'c-1', email: 'Ann@Example.com' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ contactId: 'c-1', email: 'ann@example.com', reason: 'manual' });
      const again = await t.call('POST', '/v1/suppressions', { email: 'ann@example.com' }, ingestKey);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(added.body.id);
      await t.call('POST', '/v1/suppressions', { email: 'bob@example.com' });
      const list = await t.call('GET', '/v1/suppressions', undefined, auditorKey);
      expect(list.body.items.map((s: { email: string }) => s.email)).toEqual([
        'bob@example.com',
        'ann@example.com',
      ]);
      const page = await t.call('GET', '/v1/suppressions?limit=1');
      expect(page.body.items).toHaveLength(1);
      const next = await t.call('GET', `/v1/suppressions?limit=1&before=${page.body.nextBefore}`);
      expect(next.body.items[0].email).toBe('ann@example.com');
      const filtered = await t.call('GET', '/v1/suppressions?contactId=c-1');
      expect(filtered.body.items).toHaveLength(1);

      expect((await t.call('DELETE', `/v1/suppressions/${added.body.id}`, undefined, ingestKey)).status).toBe(
        403,
      );
      const removed = await t.call('DELETE', `/v1/suppressions/${added.body.id}`);
      expect(removed.status).toBe(200);
      expect((await t.call('DELETE', `/v1/suppressions/${added.body.id}`)).status).toBe(404);
      expect((await t.call('GET', '/v1/suppressions?contactId=c-1')).body.items).toEqual([]);
    });

    it('refuses bodies without a subject and reasons other than manual', async () => {
      expect((await t.call('POST', '/v1/suppressions', {})).status).toBe(400);
      expect((await t.call('POST', '/v1/suppressions', { email: 'x@y.z', reason: 'bounced' })).status).toBe(
        400,
      );
      expect((await t.call('POST', '/v1/suppressions', { email: 'not-an-email' })).status).toBe(400);
    });

    it("hides another workspace's entries (list and delete 404)", async () => {
      const mine = await t.call('POST', '/v1/suppressions', { contactId: 'private-1' });
      const theirs = await t.call('GET', '/v1/suppressions', undefined, otherKey);
      expect(theirs.body.items).toEqual([]);
      expect((await t.call('DELETE', `/v1/suppressions/${mine.body.id}`, undefined, otherKey)).status).toBe(
        404,
      );
      expect((await t.call('DELETE', '/v1/suppressions/not-a-uuid')).status).toBe(404);
    });
  });

  describe('template preview', () => {
    it('renders with a sample contact, an event, or a stored contact', async () => {
      const res = await t.call('POST', '/v1/templates/preview', {
        template: {
          subject: 'Hi {{ contact.first_name }}',
          html: '<p>{{ contact.company.name }} / {{ event.type }}</p>',
        },
        event: { type: 'pricing.viewed' },
      });
      expect(res.status).toBe(200);
      expect(res.body.subject).toBe('Hi Ann');
      expect(res.body.html).toBe('<p>Acme Inc. / pricing.viewed</p>');
      expect(res.body.text).toBeUndefined();

      const html = await t.call('POST', '/v1/templates/preview', {
        template: { html: '<b>{{ contact.name }}</b>' },
        contact: { name: '<script>x</script>' },
      });
      expect(html.body.html).toBe('<b>&lt;script&gt;x&lt;/script&gt;</b>');

      await t.deps.sql`insert into contacts (workspace_id, id, attributes)
                       values (${t.workspaceId}, 'stored-1', ${t.deps.sql.json({ first_name: 'Zoe' })})`;
      const stored = await t.call('POST', '/v1/templates/preview', {
        template: { text: '{{ contact.first_name }}/{{ contact.id }}' },
        contactId: 'stored-1',
      });
      expect(stored.body.text).toBe('Zoe/stored-1');
      const missing = await t.call(
        'POST',
        '/v1/templates/preview',
        { template: { text: 'x' }, contactId: 'stored-1' },
        otherKey,
      );
      expect(missing.status).toBe(404);
    });

    it('answers 422 with field, line and column for syntax errors', async () => {
      const res = await t.call('POST', '/v1/templates/preview', {
        template: { subject: 'ok', html: '<p>\n  {{ contact.first_name </p>', text: '{% if %}' },
      });
      expect(res.status).toBe(422);
      const [html, text] = res.body.problems;
      expect(html).toMatchObject({ code: 'template.syntax', path: 'template.html', line: 2, column: 3 });
      expect(text).toMatchObject({ code: 'template.syntax', path: 'template.text', line: 1 });
      expect(res.body.detail).toContain('template.html');
    });

    it('cuts off hostile templates with a limit error instead of hanging', async () => {
      const res = await t.call('POST', '/v1/templates/preview', {
        template: {
          text: '{% for i in (1..100000000) %}{% for j in (1..100000000) %}x{% endfor %}{% endfor %}',
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.problems[0].code).toBe('template.limit');
      const deep = `${'{% if true %}'.repeat(200)}x${'{% endif %}'.repeat(200)}`;
      const nested = await t.call('POST', '/v1/templates/preview', { template: { text: deep } });
      expect(nested.status).toBe(422);
    });
  });

  describe('inbound replies', () => {
    it('records email.replied by message key or reply token, scoped to the workspace', async () => {
      const { sql } = t.deps;
      const tracking = await makeTrackingUrls(sql, {
        workspaceId: t.workspaceId,
        contactId: 'replier',
        messageKey: '9001',
        publicUrl: 'http://127.0.0.1:8080',
      });
      await recordTrackedMessage(sql, tracking, { workflowId: null, nodeId: 'send-1', urls: [] });
      const byKey = await t.call(
        'POST',
        '/v1/inbound/reply',
        { messageKey: '9001', from: 'a@b.c', text: 'Yes!' },
        ingestKey,
      );
      expect(byKey.status).toBe(202);
      expect(byKey.body).toEqual({ messageKey: '9001', contactId: 'replier', duplicate: false });
      const repeat = await t.call('POST', '/v1/inbound/reply', {
        token: tracking.replyToken,
        from: 'a@b.c',
        text: 'Yes!',
      });
      expect(repeat.body.duplicate).toBe(true);
      const events = await sql<{ type: string; properties: Record<string, unknown> }[]>`
        select type, properties from events where workspace_id = ${t.workspaceId} and contact_id = 'replier'`;
      expect(events).toEqual([
        {
          type: 'email.replied',
          properties: { messageKey: '9001', workflowId: null, nodeId: 'send-1', from: 'a@b.c', text: 'Yes!' },
        },
      ]);
      const foreign = await t.call(
        'POST',
        '/v1/inbound/reply',
        { token: tracking.replyToken, from: 'a', text: 'x' },
        otherKey,
      );
      expect(foreign.status).toBe(404);
      expect(
        (await t.call('POST', '/v1/inbound/reply', { messageKey: '404', from: 'a', text: 'x' })).status,
      ).toBe(404);
      expect((await t.call('POST', '/v1/inbound/reply', { from: 'a', text: 'x' })).status).toBe(400);
      expect(
        (await t.call('POST', '/v1/inbound/reply', { messageKey: '1', from: 'a', text: 'x' }, auditorKey))
          .status,
      ).toBe(403);
    });
  });

  it('engagement: a contact of this workspace only', async () => {
    await t.deps.sql`insert into contacts (workspace_id, id) values (${t.workspaceId}, 'engaged-1')`;
    const mine = await t.call('GET', '/v1/contacts/engaged-1/engagement', undefined, auditorKey);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ opens_30d: 0, last_open_at: null, last_event_at: {} });
    expect((await t.call('GET', '/v1/contacts/engaged-1/engagement', undefined, otherKey)).status).toBe(404);
    expect((await t.call('GET', '/v1/contacts/engaged-1/engagement', undefined, ingestKey)).status).toBe(403);
  });

  it('inbound replies: In-Reply-To finds the send by its stable Message-ID', async () => {
    const { sql } = t.deps;
    const tracking = await makeTrackingUrls(sql, {
      workspaceId: t.workspaceId,
      contactId: 'replier-2',
      messageKey: '9002',
      publicUrl: 'http://127.0.0.1:8080',
    });
    await recordTrackedMessage(sql, tracking, { nodeId: 'send-2', urls: [] });
    await sql`insert into messages (workspace_id, effect_id, workflow_id, node_id, contact_id, message_id, to_address,
                                    from_address, subject)
              values (${t.workspaceId}, 9002, gen_random_uuid(), 'send-2', 'replier-2',
                      '<effect-9002@crossroads.local>', 'r2@example.com', 'hi@acme.test', 'Hello')`;
    const reply = { inReplyTo: 'effect-9002@crossroads.local', from: 'r2@example.com', text: 'Sure' };
    const res = await t.call('POST', '/v1/inbound/reply', reply, ingestKey);
    expect(res.status).toBe(202);
    expect(res.body.messageKey).toBe('9002');
    expect((await t.call('POST', '/v1/inbound/reply', reply, otherKey)).status).toBe(404);
    const both = await t.call('POST', '/v1/inbound/reply', { ...reply, messageKey: '9002' });
    expect(both.status).toBe(400);
  });

  it('never answers 5xx to malformed input', async () => {
    const bodies = [
      '{',
      '[]',
      'null',
      '"x"',
      '{"sender":{"fromEmail":{"$gt":1}}}',
      '{"template":{"text":"\u0000{{"}}',
    ];
    const routes = [
      ['PUT', '/v1/settings/channels'],
      ['POST', '/v1/suppressions'],
      ['POST', '/v1/templates/preview'],
      ['POST', '/v1/inbound/reply'],
    ] as const;
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await t.call(method, path, body);
        expect(res.status, `${method} ${path} ${body}`).toBeLessThan(500);
      }
    }
    for (const path of [
      '/v1/suppressions?limit=abc',
      '/v1/suppressions?before=x',
      '/v1/suppressions?email=%00',
      '/v1/suppressions?contactId=%00',
      '/v1/contacts/%00/engagement',
      `/v1/contacts/${'x'.repeat(5000)}/engagement`,
    ]) {
      expect((await t.call('GET', path)).status, path).toBeLessThan(500);
    }
  });
});
