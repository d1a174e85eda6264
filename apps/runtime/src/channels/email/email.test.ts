import { describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { SmtpPool } from './smtp-pool.js';
import { createTransport } from './smtp-transport.js';
import { composed, smtpError, startServer } from './testSmtpServer.js';

describe('deliver to a real SMTP server', () => {
  it('delivers with the stable Message-ID, one-click unsubscribe headers and footer', async () => {
    const server = await startServer();
    const { message, trackedUrls } = composed();
    const outcome = await deliver(createTransport(server.url), message);
    expect(outcome).toMatchObject({
      status: 'sent',
      messageId: '<send-7f3a@acme.test>',
      accepted: ['ann@example.com'],
    });
    expect(trackedUrls).toEqual(['https://acme.test/docs?a=1&b=2']);

    const [mail] = server.received;
    expect(mail?.messageId).toBe('<send-7f3a@acme.test>');
    expect(mail?.subject).toBe('Welcome, Ann');
    expect(mail?.replyTo?.text).toBe('reply+tok123@acme.test');
    const headerLine = (key: string) =>
      (mail?.headerLines.find((h) => h.key === key)?.line ?? '').replace(/\r?\n\s+/g, ' ');
    expect(headerLine('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine('list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://acme.test/u/UNSUB_TOKEN>, <mailto:unsubscribe+UNSUB_TOKEN@acme.test>',
    );
    const html = String(mail?.html);
    expect(html).toContain('href="https://acme.test/c/CLICK_TOKEN/0"');
    expect(html).not.toContain('https://acme.test/docs');
    expect(html).toContain('<a href="https://acme.test/u/UNSUB_TOKEN">Unsubscribe</a>');
    expect(html).toContain('1 Main St, Springfield');
    expect(html).toContain('You signed up for a trial at acme.test.');
    expect(html).toMatch(/<img src="https:\/\/acme.test\/o\/OPEN_TOKEN.gif"[^>]*><\/body>/);
    expect(mail?.text).toContain('Unsubscribe: https://acme.test/u/UNSUB_TOKEN');
    expect(mail?.text).toContain('1 Main St, Springfield');
    expect(mail?.text).toContain('You signed up for a trial at acme.test.');
  });

  it('reports 451 at RCPT as transient', async () => {
    const server = await startServer({ onRcptTo: () => smtpError('Try again later', 451) });
    const outcome = await deliver(createTransport(server.url), composed().message);
    expect(outcome).toMatchObject({ status: 'transient', responseCode: 451 });
  });

  it('reports 550 after DATA as permanent', async () => {
    const server = await startServer({
      onData: (stream, _session, done) => {
        stream.resume();
        stream.on('end', () => done(smtpError('Mailbox unavailable', 550)));
      },
    });
    const outcome = await deliver(createTransport(server.url), composed().message);
    expect(outcome).toMatchObject({ status: 'permanent', responseCode: 550 });
  });

  it('reports 451 after DATA as transient, not ambiguous: the server answered', async () => {
    const server = await startServer({
      onData: (stream, _session, done) => {
        stream.resume();
        stream.on('end', () => done(smtpError('Local error', 451)));
      },
    });
    expect(await deliver(createTransport(server.url), composed().message)).toMatchObject({
      status: 'transient',
      responseCode: 451,
    });
  });

  it('reports a connection dropped after the message data as ambiguous', async () => {
    let dataEnded = false;
    const server = await startServer({
      onData: (stream) => {
        stream.resume();
        stream.on('end', () => {
          dataEnded = true;
          server.dropConnections();
        });
      },
    });
    const outcome = await deliver(createTransport(server.url), composed().message);
    expect(dataEnded).toBe(true);
    expect(outcome).toMatchObject({ status: 'ambiguous', messageId: '<send-7f3a@acme.test>' });
  });

  it('reports a final reply that never comes as ambiguous', async () => {
    const server = await startServer({ onData: (stream) => stream.resume() });
    const outcome = await deliver(createTransport(server.url, { socketTimeout: 300 }), composed().message);
    expect(outcome).toMatchObject({ status: 'ambiguous' });
  });

  it('reports a connection dropped before DATA as transient', async () => {
    const server = await startServer({ onRcptTo: () => 'drop' });
    const outcome = await deliver(createTransport(server.url), composed().message);
    expect(outcome.status).toBe('transient');
    expect(server.received).toHaveLength(0);
  });

  it('reports a refused connection as transient', async () => {
    const server = await startServer();
    await server.close();
    const outcome = await deliver(createTransport(server.url), composed().message);
    expect(outcome).toMatchObject({ status: 'transient' });
    if (outcome.status === 'transient') expect(outcome.reason).toMatch(/ECONNREFUSED/);
  });
});

describe('deliver over pooled connections', () => {
  it('sends several messages over one connection', async () => {
    const server = await startServer();
    const pool = new SmtpPool(createTransport(server.url));
    for (let i = 0; i < 3; i++) {
      expect(await deliver(pool.transport, composed().message, { pool })).toMatchObject({ status: 'sent' });
    }
    await pool.close();
    expect(server.received).toHaveLength(3);
    expect(server.connections).toBe(1);
  });

  it('sends once more over a new connection when the server dropped the idle one', async () => {
    const server = await startServer();
    const pool = new SmtpPool(createTransport(server.url));
    await deliver(pool.transport, composed().message, { pool });
    server.dropConnections();
    expect(await deliver(pool.transport, composed().message, { pool })).toMatchObject({ status: 'sent' });
    await pool.close();
    expect(server.received).toHaveLength(2);
    expect(server.connections).toBe(2);
  });

  it('still reports a reused connection dropped after the message data as ambiguous, and does not resend', async () => {
    let messages = 0;
    const server = await startServer({
      onData: (stream, _session, done) => {
        stream.resume();
        stream.on('end', () => {
          messages++;
          if (messages === 1) done();
          else server.dropConnections();
        });
      },
    });
    const pool = new SmtpPool(createTransport(server.url));
    expect(await deliver(pool.transport, composed().message, { pool })).toMatchObject({ status: 'sent' });
    expect(await deliver(pool.transport, composed().message, { pool })).toMatchObject({
      status: 'ambiguous',
    });
    await pool.close();
    expect(messages).toBe(2);
    expect(server.connections).toBe(1);
  });

  it('reports a refusal at RCPT on a reused connection as transient and opens a new one next time', async () => {
    let rcpts = 0;
    const server = await startServer({
      onRcptTo: () => (++rcpts === 2 ? smtpError('Try again later', 451) : undefined),
    });
    const pool = new SmtpPool(createTransport(server.url));
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push((await deliver(pool.transport, composed().message, { pool })).status);
    await pool.close();
    expect(outcomes).toEqual(['sent', 'transient', 'sent']);
    expect(server.received).toHaveLength(2);
    expect(server.connections).toBe(2);
  });
});
