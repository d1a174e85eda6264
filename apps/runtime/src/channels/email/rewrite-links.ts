import { Parser } from 'htmlparser2';

export interface RewrittenLinks {
  html: string;
  /** Original URLs in link order (index i was rewritten with `makeUrl(url, i)`). */
  urls: string[];
}

const LINK_TAGS = new Set(['a', 'area']);

/**
 * Rewrites every http(s) link (`<a href>`, `<area href>`) through `makeUrl`, for click tracking.
 * Returns the original URLs so the click endpoint can redirect only to URLs that were in the
 * email (no open redirect). mailto:, tel: and #anchors are left alone. Only the rewritten tags
 * are re-serialized; the rest of the HTML is kept byte for byte.
 *
 * @example
 * rewriteLinks('<a href="https://x.test/a">A</a>', (url, i) => `https://t.test/c/TOKEN/${i}`);
 * // { html: '<a href="https://t.test/c/TOKEN/0">A</a>', urls: ['https://x.test/a'] }
 */
export function rewriteLinks(html: string, makeUrl: (url: string, index: number) => string): RewrittenLinks {
  // Attribute names are never entity-decoded: without the letters `href` there is no link to
  // rewrite, and the HTML parser (most of composing a message without links) is not needed.
  if (!/href/i.test(html)) return { html, urls: [] };
  const urls: string[] = [];
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const href = attributes.href?.trim();
        if (!LINK_TAGS.has(name) || !href || !/^https?:\/\//i.test(href)) return;
        const rewritten = { ...attributes, href: makeUrl(href, urls.length) };
        urls.push(href);
        const selfClosing = html.slice(parser.startIndex, parser.endIndex + 1).endsWith('/>');
        edits.push({
          start: parser.startIndex,
          end: parser.endIndex + 1,
          text: openTag(name, rewritten, selfClosing),
        });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  let output = '';
  let cursor = 0;
  for (const edit of edits) {
    output += html.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return { html: output + html.slice(cursor), urls };
}

function openTag(name: string, attributes: Record<string, string>, selfClosing: boolean): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  return `<${name}${attrs}${selfClosing ? ' />' : '>'}`;
}

export function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
