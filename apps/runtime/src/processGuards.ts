import { isDatabaseUnavailable } from './db/unavailable.js';
import type { Logger } from './logger.js';
import { counter } from './metrics.js';

const survived = counter({
  name: 'crossroads_process_survived_errors_total',
  help: 'Unhandled errors the process logged and survived (lost or refused connections), by code',
  labelNames: ['code'],
});

/** Socket and driver codes of a connection that was lost, refused or never made. */
const LOST_CONNECTION = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  // nodemailer: the SMTP connection failed or closed
  'ECONNECTION',
  'ESOCKET',
]);

/**
 * Whether an error says a connection (to Postgres, an SMTP server, a CRM webhook) was lost or
 * refused, rather than that our code is wrong. Looks through `cause` chains (fetch wraps them).
 */
export function isLostConnection(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && LOST_CONNECTION.has(code)) return true;
    if (isDatabaseUnavailable(e)) return true;
  }
  return false;
}

/**
 * Graphile Worker 0.17's local queue can reject a background promise nobody awaits when the
 * database vanishes while its pool shuts down; the worker replaces that pool.
 */
const isGraphileLocalQueueLoss = (error: unknown) =>
  error instanceof Error && error.message.includes('local queue to database queue');

/**
 * Keeps the process alive through errors that escape every handler but only say a connection was
 * lost (a socket reset by Postgres, an SMTP server or a CRM, a connect refused): they are logged
 * and counted, and whatever was using the connection recovers on its own (pools reconnect, jobs
 * retry, the stranded-delivery sweep picks up deliveries). Anything else still ends the process,
 * as Node would: its state is unknown. Installed by the command line (cli.ts), once per process.
 *
 * @example
 * guardProcess(logger);
 */
export function guardProcess(logger: Logger): void {
  const handle = (kind: string) => (error: unknown) => {
    if (isLostConnection(error) || isGraphileLocalQueueLoss(error)) {
      const code = String((error as { code?: unknown } | null)?.code ?? 'other');
      survived.inc({ code });
      logger.warn({ err: error, kind }, 'a lost connection escaped its handler; the process carries on');
      return;
    }
    logger.fatal({ err: error, kind }, 'unexpected error; the process ends');
    process.exit(1);
  };
  process.on('unhandledRejection', handle('unhandled rejection'));
  process.on('uncaughtException', handle('uncaught exception'));
}
