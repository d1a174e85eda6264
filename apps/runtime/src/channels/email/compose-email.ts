import type { MailComposerOptions } from 'nodemailer';
import { insertBeforeBodyEnd, renderFooter } from './footer.js';
import { escapeAttribute, rewriteLinks } from './rewrite-links.js';

/** Per-workspace sender settings. */
export interface SenderSettings {
  fromName: string;
  fromEmail: string;
  replyTo?: string;
  postalAddress: string;
}

export interface ComposeEmailInput {
  sender: SenderSettings;
  to: string;
  /** Already rendered subject, html and text (see renderTemplate). */
  subject: string;
  html: string;
  text: string;
  reasonLine: string;
  /** One-click endpoint (`https://.../u/TOKEN`), POSTed to by mailbox providers (RFC 8058). */
  unsubscribeUrl: string;
  /** Optional mailto: fallback for List-Unsubscribe, e.g. `mailto:unsubscribe+TOKEN@example.com`. */
  unsubscribeMailto?: string;
  /** Stable id derived from the idempotency key: `<key@domain>`, brackets optional. */
  messageId: string;
  /** Appended to the HTML as a 1x1 image for open tracking. */
  trackingPixelUrl?: string;
  /** Rewrites body links for click tracking; the footer's unsubscribe link is never rewritten. */
  rewriteLink?: (url: string, index: number) => string;
  /** Extra headers (e.g. `X-Crossroads-Node`); they cannot override the ones set here. */
  headers?: Record<string, string>;
}

export interface ComposedEmail {
  message: MailComposerOptions;
  /** The original URLs behind the tracked links, in index order; empty without rewriteLink. */
  trackedUrls: string[];
}

/**
 * Builds a nodemailer message with everything deliverability and the law ask for: a stable
 * Message-ID, `List-Unsubscribe` with the one-click `List-Unsubscribe-Post` (RFC 8058), and a
 * footer with the unsubscribe link, the postal address and the reason line in both bodies.
 *
 * @example
 * const { message, trackedUrls } = composeEmail({
 *   sender: { fromName: 'Acme', fromEmail: 'hi@acme.test', postalAddress: '1 Main St, Springfield' },
 *   to: 'ann@example.com', subject: 'Welcome', html: '<p>Hi</p>', text: 'Hi',
 *   reasonLine: 'You signed up at acme.test.', unsubscribeUrl: 'https://acme.test/u/TOKEN',
 *   messageId: '<send-123@acme.test>',
 * });
 */
export function composeEmail(input: ComposeEmailInput): ComposedEmail {
  const rewritten = input.rewriteLink
    ? rewriteLinks(input.html, input.rewriteLink)
    : { html: input.html, urls: [] };
  const footer = renderFooter({ ...input, postalAddress: input.sender.postalAddress });
  let html = insertBeforeBodyEnd(rewritten.html, footer.html);
  if (input.trackingPixelUrl) {
    const pixel = `<img src="${escapeAttribute(input.trackingPixelUrl)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
    html = insertBeforeBodyEnd(html, pixel);
  }
  const unsubscribe = [input.unsubscribeUrl, input.unsubscribeMailto]
    .filter(Boolean)
    .map((uri) => `<${uri}>`);
  const message: MailComposerOptions = {
    from: { name: input.sender.fromName, address: input.sender.fromEmail },
    to: input.to,
    subject: input.subject,
    html,
    text: input.text.replace(/\s+$/, '') + footer.text,
    messageId: normalizeMessageId(input.messageId),
    headers: {
      ...input.headers,
      'List-Unsubscribe': unsubscribe.join(', '),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
  if (input.sender.replyTo) message.replyTo = input.sender.replyTo;
  return { message, trackedUrls: rewritten.urls };
}

function normalizeMessageId(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(bare)) {
    throw new Error(`composeEmail: messageId must look like <id@domain>, got ${JSON.stringify(messageId)}`);
  }
  return `<${bare}>`;
}
