import type { AddressObject, ParsedMail } from 'mailparser';

/** One message the local catcher received, ready to be stored. */
export interface CaughtMessage {
  /** Message-ID header with angle brackets, as the sender set it (the ledger's stable id). */
  messageId: string | undefined;
  /** The From header as text, e.g. `"Acme" <hi@acme.test>`. */
  from: string;
  /** Envelope recipients (RCPT TO): who the message was really delivered to. */
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  /** Every header as received, lower-case name to raw value (repeated headers joined by newlines). */
  headers: Record<string, string>;
  inReplyTo: string | undefined;
  receivedAt: Date;
  /** Size of the raw message in bytes. */
  size: number;
  /**
   * Set when a recipient is a reply address `reply+<token>@...`: the message is a contact's
   * reply, and the token says to which send (the runtime turns it into `email.replied`).
   */
  replyToken: string | undefined;
}

const REPLY_ADDRESS = /^reply\+([A-Za-z0-9._=-]+)@/i;

/** The token of the first `reply+<token>@...` address among the recipients, if any. */
export function findReplyToken(recipients: readonly string[]): string | undefined {
  for (const address of recipients) {
    const token = REPLY_ADDRESS.exec(address)?.[1];
    if (token) return token;
  }
  return undefined;
}

export function toCaughtMessage(
  parsed: ParsedMail,
  recipients: string[],
  size: number,
  receivedAt: Date,
): CaughtMessage {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}\n${value}`;
  }
  return {
    messageId: parsed.messageId,
    from: addressText(parsed.from),
    to: recipients,
    subject: parsed.subject ?? '',
    html: parsed.html === false ? undefined : parsed.html,
    text: parsed.text,
    headers,
    inReplyTo: parsed.inReplyTo,
    receivedAt,
    size,
    replyToken: findReplyToken(recipients),
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  return Array.isArray(address) ? address.map((a) => a.text).join(', ') : address.text;
}
