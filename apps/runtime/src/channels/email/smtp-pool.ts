import type { NodemailerError } from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SmtpTransport } from './smtp-transport.js';

export interface SmtpPoolOptions {
  /** Open connections kept between messages (one per concurrent sender is enough). Default 10. */
  maxIdle?: number;
  /** An idle connection is closed after this long. Default 5 s. */
  idleMs?: number;
}

/** An open, logged-in connection handed out by a pool; `reused` if it carried a message before. */
export interface SmtpLease {
  readonly connection: SMTPConnection;
  readonly reused: boolean;
  /** Called with the connection's errors while the lease is held. */
  onError(listener: (error: NodemailerError) => void): void;
}

interface Entry extends SmtpLease {
  reused: boolean;
  listener?: (error: NodemailerError) => void;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Open SMTP connections kept per transport and reused across messages, because opening one costs
 * a TCP handshake, a greeting (which some servers delay on purpose), EHLO and AUTH. Unlike
 * nodemailer's `pool: true`, the caller drives each send itself and so still knows whether the
 * message body went out (see `deliver`). A connection that failed is closed, never reused.
 *
 * @example
 * const pool = new SmtpPool(createTransport(process.env.SMTP_URL), { maxIdle: 10 });
 * const outcome = await deliver(pool.transport, message, { pool });
 * await pool.close();
 */
export class SmtpPool {
  private readonly idle: Entry[] = [];
  private closed = false;
  private readonly maxIdle: number;
  private readonly idleMs: number;

  constructor(
    readonly transport: SmtpTransport,
    options: SmtpPoolOptions = {},
  ) {
    this.maxIdle = options.maxIdle ?? 10;
    this.idleMs = options.idleMs ?? 5_000;
  }

  /** An idle connection if there is one, else a new one (connected and logged in). */
  async acquire(options: { fresh?: boolean } = {}): Promise<SmtpLease> {
    const entry = options.fresh ? undefined : this.idle.pop();
    if (entry) {
      clearTimeout(entry.idleTimer);
      entry.reused = true;
      return entry;
    }
    return this.open();
  }

  /** Keeps a connection whose last send succeeded for the next message, or says goodbye. */
  release(lease: SmtpLease): void {
    const entry = lease as Entry;
    entry.listener = undefined;
    if (this.closed || this.idle.length >= this.maxIdle || entry.connection.destroyed) {
      entry.connection.quit();
      return;
    }
    entry.idleTimer = setTimeout(() => this.drop(entry, true), this.idleMs);
    entry.idleTimer.unref();
    this.idle.push(entry);
  }

  /** Closes a connection in an unknown state (after any error): it is never reused. */
  discard(lease: SmtpLease): void {
    (lease as Entry).listener = undefined;
    lease.connection.close();
  }

  /** Closes the idle connections; connections in use close when released. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.idle.splice(0)) {
      clearTimeout(entry.idleTimer);
      entry.connection.close();
    }
  }

  private drop(entry: Entry, politely: boolean) {
    clearTimeout(entry.idleTimer);
    const at = this.idle.indexOf(entry);
    if (at >= 0) this.idle.splice(at, 1);
    if (politely && !entry.connection.destroyed) entry.connection.quit();
    else entry.connection.close();
  }

  private open(): Promise<SmtpLease> {
    const connection = new SMTPConnection(this.transport.options);
    const entry: Entry = {
      connection,
      reused: false,
      onError(listener) {
        entry.listener = listener;
      },
    };
    // One listener for the connection's whole life (a second error event without one would crash
    // the process): the holder of the lease hears it; while idle the connection is dropped.
    connection.on('error', (error: NodemailerError) => {
      if (entry.listener) entry.listener(error);
      else this.drop(entry, false);
    });
    connection.once('end', () => {
      if (entry.listener) entry.listener(endedError());
      else this.drop(entry, false);
    });
    return new Promise((resolve, reject) => {
      const fail = (error: NodemailerError) => {
        entry.listener = undefined;
        connection.close();
        reject(error);
      };
      entry.listener = fail;
      connection.connect((connectError) => {
        if (connectError) return fail(connectError);
        const auth = this.transport.auth;
        const loggedIn = (loginError: NodemailerError | null) => {
          if (loginError) return fail(loginError);
          entry.listener = undefined;
          resolve(entry);
        };
        if (auth && connection.allowsAuth) connection.login(auth, loggedIn);
        else loggedIn(null);
      });
    });
  }
}

function endedError(): NodemailerError {
  return Object.assign(new Error('The SMTP connection closed unexpectedly'), { code: 'ECONNECTION' });
}
