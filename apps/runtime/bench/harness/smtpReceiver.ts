import { startSmtpCatcher } from '../../src/channels/index.js';

export interface SmtpReceiver {
  url: string;
  /** Deliveries per Message-ID (a count above 1 is a duplicate email). */
  byMessageId: Map<string, number>;
  /** When the first copy for each recipient arrived (performance.now() of this process). */
  firstAt: Map<string, number>;
  /**
   * Messages accepted, refused (while refusing) and with a repeated Message-ID; message bodies
   * begun (DATA answered 354), and those whose connection ended before the final dot (`aborted`:
   * the server discarded them; a sender killed mid-DATA leaves one).
   */
  counts(): {
    received: number;
    unique: number;
    duplicates: number;
    refused: number;
    dataBegun: number;
    aborted: number;
  };
  /** While on, every message is answered 451 (a transient refusal: the sender keeps it). */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the channels' catcher, smtp-server + mailparser) that counts
 * what it receives by Message-ID and can refuse for a while.
 *
 * @example
 * const smtp = await startSmtpReceiver();
 * // runtime env: SMTP_URL=smtp.url
 * smtp.refuse(true); ... smtp.refuse(false);
 */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const byMessageId = new Map<string, number>();
  const firstAt = new Map<string, number>();
  let refusing = false;
  let received = 0;
  let refused = 0;
  let dataBegun = 0;
  const catcher = await startSmtpCatcher({
    port: 0,
    onDataBegun: () => {
      dataBegun++;
    },
    onMessage(message) {
      if (refusing) {
        refused++;
        throw new Error('refusing for the chaos test');
      }
      received++;
      const id = message.messageId ?? `(none ${received})`;
      byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
      const to = message.to[0] ?? '';
      if (!firstAt.has(to)) firstAt.set(to, performance.now());
    },
  });
  return {
    url: catcher.url,
    byMessageId,
    firstAt,
    counts() {
      let duplicates = 0;
      for (const n of byMessageId.values()) duplicates += n - 1;
      // Bodies still arriving when this is read count as aborted: read it once the run has settled.
      return {
        received,
        unique: byMessageId.size,
        duplicates,
        refused,
        dataBegun,
        aborted: dataBegun - received - refused,
      };
    },
    refuse(on) {
      refusing = on;
    },
    close: () => catcher.close(),
  };
}
