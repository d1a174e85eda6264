import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { createTransport } from './smtp-transport.js';

describe('createTransport', () => {
  it('parses an SMTP URL and hides the password from its display form', () => {
    const transport = createTransport('smtp://mailer:s3cret@smtp.example.com:2525');
    expect(transport.displayUrl).toBe('smtp://mailer:***@smtp.example.com:2525');
    expect(transport.auth).toEqual({ user: 'mailer', pass: 's3cret' });
    expect(transport.options).toMatchObject({ host: 'smtp.example.com', port: 2525, secure: false });
    expect(createTransport('smtps://smtp.example.com').options.secure).toBe(true);
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => createTransport('http://smtp.example.com')).toThrow(/smtp:\/\/ or smtps:\/\//);
  });

  it('logs in with the credentials from the URL', async () => {
    const logins: string[] = [];
    const server = new SMTPServer({
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, done) {
        logins.push(`${auth.username}:${auth.password}`);
        if (auth.password !== 's3cret')
          return done(Object.assign(new Error('Bad credentials'), { responseCode: 535 }));
        done(null, { user: auth.username });
      },
      onData(stream, _session, done) {
        stream.resume();
        stream.on('end', () => done());
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as { port: number };
    try {
      const message = { from: 'a@b.test', to: 'c@d.test', text: 'hi' };
      const good = await deliver(createTransport(`smtp://mailer:s3cret@127.0.0.1:${port}`), message);
      const bad = await deliver(createTransport(`smtp://mailer:wrong@127.0.0.1:${port}`), message);
      expect(good.status).toBe('sent');
      expect(bad).toMatchObject({ status: 'permanent', responseCode: 535 });
      expect(logins).toEqual(['mailer:s3cret', 'mailer:wrong']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
