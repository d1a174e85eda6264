import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import pino, { type Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import { type CaughtMessage, toCaughtMessage } from './caught-message.js';

export interface SmtpCatcherOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Loopback by default: the catcher has no authentication and must not face a network. */
  host?: string;
  /** Largest accepted message in bytes (advertised with SIZE); larger ones get 552. */
  maxMessageBytes?: number;
  /** Stores the message. If it throws, the sender gets a 451 and keeps the message to retry. */
  onMessage: (message: CaughtMessage) => void | Promise<void>;
  /** Called when a client begins sending a message body (after 354 to DATA), before it is complete. */
  onDataBegun?: () => void;
  logger?: Logger;
}

export interface SmtpCatcher {
  port: number;
  /** `smtp://127.0.0.1:PORT`, ready for `createTransport`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the local SMTP catcher used when no SMTP_URL is configured: it accepts every message
 * (no auth, no TLS), parses it with mailparser and hands it to `onMessage`, so a newcomer sees
 * every email the journeys send. Replies to `reply+<token>@...` carry their token.
 *
 * @example
 * const catcher = await startSmtpCatcher({ onMessage: (m) => messages.insertCaught(m) });
 * const transport = createTransport(catcher.url);
 */
export async function startSmtpCatcher(options: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const maxMessageBytes = options.maxMessageBytes ?? 10 * 1024 * 1024;
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    name: 'crossroads-catcher',
    banner: 'Crossroads local SMTP catcher',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxMessageBytes,
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, done) {
      options.onDataBegun?.();
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream)
        .then(async (parsed) => {
          if (stream.sizeExceeded) {
            return done(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
          }
          const message = toCaughtMessage(parsed, recipients, stream.byteLength, new Date());
          await options.onMessage(message);
          logger.info(
            { messageId: message.messageId, to: recipients, replyToken: message.replyToken },
            'caught email',
          );
          done();
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'catcher could not store a message');
          done(
            Object.assign(new Error('Could not store the message, try again later'), { responseCode: 451 }),
          );
        });
    },
  });
  server.on('error', (error) => logger.warn({ err: error }, 'smtp catcher connection error'));
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  logger.info({ port }, 'smtp catcher listening');
  return {
    port,
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // idle senders would otherwise hold the close for closeTimeout
        for (const socket of sockets) socket.end();
      }),
  };
}
