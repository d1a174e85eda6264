import type { SMTPConnectionAuth, SMTPConnectionOptions } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

/** Where and how to deliver: the connection options nodemailer parsed from an SMTP URL. */
export interface SmtpTransport {
  readonly options: SMTPConnectionOptions;
  /** Credentials from the URL, sent when the server offers AUTH. */
  readonly auth?: SMTPConnectionAuth;
  /** The URL without its password, for logs and the API. */
  readonly displayUrl: string;
}

export interface SmtpTimeouts {
  /** Defaults: connect 10 s, greeting 10 s, and 60 s of silence at any later step. */
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

/**
 * Parses `smtp://user:pass@host:587` or `smtps://host:465` (query options such as
 * `?tls.rejectUnauthorized=false` pass through to nodemailer). STARTTLS is used whenever the
 * server offers it. A transport holds no socket: `SmtpPool` keeps open connections.
 *
 * @example
 * const transport = createTransport(process.env.SMTP_URL ?? catcher.url);
 * const outcome = await deliver(transport, message);
 */
export function createTransport(smtpUrl: string, timeouts: SmtpTimeouts = {}): SmtpTransport {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  const { auth, ...parsed } = parseConnectionUrl(smtpUrl);
  if (url.password) url.password = '***';
  return {
    displayUrl: url.toString(),
    ...(auth ? { auth } : {}),
    options: {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
      ...parsed,
      ...timeouts,
      logger: false,
    },
  };
}
