import { escapeAttribute } from './rewrite-links.js';

export interface FooterInput {
  /** Why the contact gets this email ("You signed up for the trial at example.com"). */
  reasonLine: string;
  unsubscribeUrl: string;
  /** The workspace's physical postal address (CAN-SPAM); empty while the workspace has set none. */
  postalAddress: string;
}

/**
 * The compliance footer, as HTML (values escaped) and as plain text. Without a postal address the
 * address line is left out of both: nothing else stands in for it in a contact's email (the
 * Sending settings page warns staff instead).
 */
export function renderFooter(input: FooterInput): { html: string; text: string } {
  const address = input.postalAddress.trim() === '' ? [] : [input.postalAddress];
  const html = [
    '<div class="crossroads-footer" style="margin-top:24px;font-size:12px;color:#666">',
    `<p>${escapeHtml(input.reasonLine)}</p>`,
    `<p><a href="${escapeAttribute(input.unsubscribeUrl)}">Unsubscribe</a></p>`,
    ...address.map((line) => `<p>${escapeHtml(line)}</p>`),
    '</div>',
  ].join('');
  const text = ['', '-- ', input.reasonLine, `Unsubscribe: ${input.unsubscribeUrl}`, ...address].join('\n');
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
