import { Readable } from 'node:stream';
import type { MailComposerOptions, NodemailerError } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection';
import type { Logger } from 'pino';
import { type SmtpLease, SmtpPool } from './smtp-pool.js';
import type { SmtpTransport } from './smtp-transport.js';

export type DeliveryOutcome =
  | { status: 'sent'; messageId: string; response: string; accepted: string[]; rejected: string[] }
  /** Not accepted, worth retrying with backoff: 4xx replies, refused/reset connections, timeouts. */
  | { status: 'transient'; messageId: string; reason: string; responseCode?: number }
  /** Refused for good (5xx, invalid envelope, bad credentials): retrying sends the same refusal. */
  | { status: 'permanent'; messageId: string; reason: string; responseCode?: number }
  /**
   * The whole message went out but the server's final reply never came: it may or may not have
   * been accepted. Never resend automatically: that is how duplicates happen.
   */
  | { status: 'ambiguous'; messageId: string; reason: string };

/**
 * Delivers one message and classifies the outcome for the ledger, over a connection from `pool`
 * (reused across messages) or, without one, a fresh connection closed afterwards.
 *
 * Why not `transporter.sendMail`: its errors do not say whether the connection dropped before
 * or after the message body went out, and exactly-once needs that. Here the compiled message is
 * streamed to nodemailer's SMTPConnection from a stream we own; once that stream has ended, the
 * body and its terminating dot were handed to the socket, so a failure without an SMTP reply
 * from then on is `ambiguous`, while before it the server cannot have accepted the message.
 * A reused connection the server dropped while idle fails before the body: the message is then
 * sent once more, at once, over a new connection.
 *
 * @example
 * const outcome = await deliver(createTransport('smtp://127.0.0.1:2525'), composeEmail(input).message);
 * if (outcome.status === 'transient') retryIn(nextRetryDelay(attempt));
 */
export async function deliver(
  transport: SmtpTransport,
  message: MailComposerOptions,
  options: {
    logger?: Logger;
    pool?: SmtpPool;
    /**
     * Called once the server has answered DATA with 354, before the first byte of the body is
     * written: the body goes only after it resolves, and the send is abandoned (`transient`: the
     * server cannot have the message) if it rejects. The ledger records there that the server may
     * have the message from now on.
     */
    beforeBody?: () => Promise<void>;
  } = {},
): Promise<DeliveryOutcome> {
  const mime = new MailComposer(message).compile();
  const messageId = mime.messageId();
  const envelope = mime.getEnvelope();
  const raw = await mime.build();
  const pool = options.pool ?? new SmtpPool(transport, { maxIdle: 0 });
  for (let fresh = false; ; fresh = true) {
    const progress = { bodyHandedOver: false, beforeBodyFailed: false };
    let lease: SmtpLease | undefined;
    try {
      lease = await pool.acquire({ fresh });
      const info = await send(
        lease,
        { from: envelope.from, to: envelope.to },
        raw,
        progress,
        options.beforeBody,
      );
      pool.release(lease);
      // Debug, not info: a line per email cost ~3 % of the runtime's thread at full rate (issue 19);
      // the ledger (effects.state, sent_at) is the record of what was sent.
      options.logger?.debug({ messageId, response: info.response }, 'email sent');
      return {
        status: 'sent',
        messageId,
        response: info.response,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
      };
    } catch (error) {
      if (lease) pool.discard(lease);
      const smtpError = error as NodemailerError;
      const stale =
        lease?.reused &&
        !progress.bodyHandedOver &&
        !progress.beforeBodyFailed &&
        smtpError.responseCode === undefined;
      if (stale && !fresh) continue;
      const outcome = classifySmtpError(smtpError, messageId, progress.bodyHandedOver);
      options.logger?.warn({ messageId, outcome }, 'email not sent');
      return outcome;
    }
  }
}

/**
 * The message body as a stream nodemailer pipes into the DATA phase once the server said 354:
 * its first read waits for `beforeBody`, so nothing of the body leaves before that resolves.
 */
function bodyStream(raw: Buffer, progress: { beforeBodyFailed: boolean }, beforeBody?: () => Promise<void>) {
  let asked = false;
  return new Readable({
    read() {
      if (asked) return;
      asked = true;
      const go = () => {
        this.push(raw);
        this.push(null);
      };
      if (!beforeBody) return go();
      beforeBody().then(go, (error: unknown) => {
        progress.beforeBodyFailed = true;
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    },
  });
}

function send(
  lease: SmtpLease,
  envelope: { from: string | false; to: string[] },
  raw: Buffer,
  progress: { bodyHandedOver: boolean; beforeBodyFailed: boolean },
  beforeBody?: () => Promise<void>,
): Promise<SMTPConnectionSendInfo> {
  return new Promise((resolve, reject) => {
    lease.onError(reject);
    const body = bodyStream(raw, progress, beforeBody);
    body.once('end', () => {
      progress.bodyHandedOver = true;
    });
    lease.connection.send(envelope, body, (sendError, info) =>
      sendError ? reject(sendError) : resolve(info),
    );
  });
}

const PERMANENT_WITHOUT_REPLY = new Set([
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EENVELOPE',
  'EMESSAGE',
  'EREQUIRETLS',
]);

/** Maps a nodemailer error to a delivery status (see DeliveryOutcome). */
export function classifySmtpError(
  error: NodemailerError,
  messageId: string,
  bodyHandedOver: boolean,
): DeliveryOutcome {
  const reason = error.message;
  const responseCode = error.responseCode;
  if (responseCode !== undefined) {
    // a reply is a definite answer: the server did not take the message, whatever the stage
    const permanent = error.permanent ?? (responseCode >= 500 && responseCode !== 503);
    return { status: permanent ? 'permanent' : 'transient', messageId, reason, responseCode };
  }
  if (bodyHandedOver) return { status: 'ambiguous', messageId, reason };
  if (error.code && PERMANENT_WITHOUT_REPLY.has(error.code))
    return { status: 'permanent', messageId, reason };
  return { status: 'transient', messageId, reason };
}
