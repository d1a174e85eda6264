import {
  type CaughtMessage,
  createTransport,
  SmtpPool,
  type SmtpTransport,
  startSmtpCatcher,
} from '../channels/index.js';
import type { Config } from '../config.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { effectOfMessageId } from './ledgerParts.js';

export interface Mailer {
  transport: SmtpTransport;
  /** Open connections reused across messages (one per concurrent job at most). */
  pool: SmtpPool;
  /** Set when email goes to the local catcher: sends reply to `reply+<token>@<replyDomain>`. */
  replyDomain?: string;
  close(): Promise<void>;
}

/** The host part of reply addresses while the local catcher takes every email. */
export const CATCHER_REPLY_DOMAIN = 'localhost';

/** Marks the rendered message the catcher received (by its stable Message-ID). */
export async function recordCaught(sql: Sql, message: CaughtMessage): Promise<void> {
  const effectId = message.messageId ? effectOfMessageId(message.messageId) : null;
  if (!effectId) return;
  await sql`update messages set caught_at = coalesce(caught_at, now()), caught_count = caught_count + 1
            where effect_id = ${effectId} and message_id = ${message.messageId!.trim()}`;
}

export interface MailerDeps {
  sql: Sql;
  config: Config;
  logger: Logger;
  /**
   * What else to do with each message the local catcher takes, after marking a send as caught:
   * the worker records a contact's reply there (ingest/replies.ts), which deliver/ may not import.
   */
  onCaught?: (message: CaughtMessage) => Promise<unknown>;
}

/**
 * Where email goes: `SMTP_URL`, or else a local SMTP catcher started here (real SMTP on
 * loopback). When another Crossroads process on this machine already runs the catcher on
 * `SMTP_CATCHER_PORT`, its catcher is used.
 */
export async function startMailer(deps: MailerDeps): Promise<Mailer> {
  const { config, logger } = deps;
  const withPool = (transport: SmtpTransport, replyDomain?: string, closeCatcher?: () => Promise<void>) => {
    const pool = new SmtpPool(transport, { maxIdle: config.WORKER_CONCURRENCY });
    return {
      transport,
      pool,
      ...(replyDomain ? { replyDomain } : {}),
      close: async () => {
        await pool.close();
        await closeCatcher?.();
      },
    };
  };
  if (config.SMTP_URL) return withPool(createTransport(config.SMTP_URL));
  try {
    const catcher = await startSmtpCatcher({
      port: config.SMTP_CATCHER_PORT,
      onMessage: async (message) => {
        await recordCaught(deps.sql, message);
        await deps.onCaught?.(message);
      },
      logger,
    });
    logger.info({ url: catcher.url }, 'no SMTP_URL: email goes to the local SMTP catcher');
    return withPool(createTransport(catcher.url), CATCHER_REPLY_DOMAIN, () => catcher.close());
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    const url = `smtp://127.0.0.1:${config.SMTP_CATCHER_PORT}`;
    logger.info({ url }, 'using the SMTP catcher another Crossroads process started');
    return withPool(createTransport(url), CATCHER_REPLY_DOMAIN);
  }
}
