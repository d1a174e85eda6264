import { escapeAttribute } from './rewrite-links.js';

export interface FooterInput {
  /** Why the contact gets this email ("You signed up for the trial at example.com"). */
  reasonLine: string;
  unsubscribeUrl: string;
  /** The workspace's physical postal address (CAN-SPAM). */
  postalAddress: string;
}

/** The compliance footer, as HTML (values escaped) and as plain text. */
export function renderFooter(input: FooterInput): { html: string; text: string } {
  const html = [
    '<div class="crossroads-footer" style="margin-top:24px;font-size:12px;color:#666">',
    `<p>${escapeHtml(input.reasonLine)}</p>`,
    `<p><a href="${escapeAttribute(input.unsubscribeUrl)}">Unsubscribe</a></p>`,
    `<p>${escapeHtml(input.postalAddress)}</p>`,
    '</div>',
  ].join('');
  const text = [
    '',
    '-- ',
    input.reasonLine,
    `Unsubscribe: ${input.unsubscribeUrl}`,
    input.postalAddress,
  ].join('\n');
  return { html, text };
}

/**
 * Inserts a fragment just before `</body>` (so it stays inside the document), or appends it when
 * the HTML has no body tag.
 */
export function insertBeforeBodyEnd(html: string, fragment: string): string {
  const end = html.search(/<\/body\s*>/i);
  return end === -1 ? html + fragment : html.slice(0, end) + fragment + html.slice(end);
}

export function escapeHtml(value: string): string {
  return escapeAttribute(value).replaceAll("'", '&#39;');
}
