import type { Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { afterEach } from 'vitest';
import { composeEmail } from './compose-email.js';

/** Test helpers of the delivery tests: a misbehaving real SMTP server on loopback, a composed email. */

export type DataHandler = (
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  done: (err?: Error) => void,
) => void;

export interface TestServer {
  url: string;
  received: ParsedMail[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  dropConnections(): void;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A real SMTP server on loopback; `onData` and `onRcptTo` decide how it misbehaves. */
export async function startServer(
  handlers: { onData?: DataHandler; onRcptTo?: (drop: () => void) => Error | 'drop' | undefined } = {},
) {
  const received: ParsedMail[] = [];
  const sockets = new Set<Socket>();
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, done) {
      const verdict = handlers.onRcptTo?.(dropConnections);
      if (verdict === 'drop') return dropConnections();
      done(verdict);
    },
    onData:
      handlers.onData ??
      ((stream, _session, done) => {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          done();
        }, done);
      }),
  });
  server.server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  const handle: TestServer = {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get connections() {
      return sockets.size;
    },
    dropConnections,
    close: () => {
      dropConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(handle);
  return handle;
}

export function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export const composed = () =>
  composeEmail({
    sender: {
      fromName: 'Acme Team',
      fromEmail: 'team@acme.test',
      replyTo: 'reply+tok123@acme.test',
      postalAddress: '1 Main St, Springfield',
    },
    to: 'ann@example.com',
    subject: 'Welcome, Ann',
    html: '<html><body><p>Hi <a href="https://acme.test/docs?a=1&amp;b=2">docs</a></p></body></html>',
    text: 'Hi Ann',
    reasonLine: 'You signed up for a trial at acme.test.',
    unsubscribeUrl: 'https://acme.test/u/UNSUB_TOKEN',
    unsubscribeMailto: 'mailto:unsubscribe+UNSUB_TOKEN@acme.test',
    messageId: 'send-7f3a@acme.test',
    trackingPixelUrl: 'https://acme.test/o/OPEN_TOKEN.gif',
    rewriteLink: (_url, index) => `https://acme.test/c/CLICK_TOKEN/${index}`,
  });
