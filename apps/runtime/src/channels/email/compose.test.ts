import { describe, expect, it } from 'vitest';
import { composeEmail } from './compose-email.js';
import { nextRetryDelay } from './retry-delay.js';
import { rewriteLinks } from './rewrite-links.js';

describe('rewriteLinks', () => {
  const track = (_url: string, index: number) => `https://t.test/c/TOKEN/${index}`;

  it('rewrites http(s) links, keeps everything else byte for byte, and lists the originals', () => {
    const html =
      '<p class=x>Hi</p><A HREF="https://a.test/1?x=1&amp;y=2" title="t">one</A> <a href=\'http://b.test\'>two</a>' +
      '<a href="mailto:x@y.test">mail</a><a href="#top">top</a><a href="tel:+1">tel</a><a>none</a>' +
      '<map><area shape="rect" href="https://c.test/3"/></map>';
    const result = rewriteLinks(html, track);
    expect(result.urls).toEqual(['https://a.test/1?x=1&y=2', 'http://b.test', 'https://c.test/3']);
    expect(result.html).toBe(
      '<p class=x>Hi</p><a href="https://t.test/c/TOKEN/0" title="t">one</A> <a href="https://t.test/c/TOKEN/1">two</a>' +
        '<a href="mailto:x@y.test">mail</a><a href="#top">top</a><a href="tel:+1">tel</a><a>none</a>' +
        '<map><area shape="rect" href="https://t.test/c/TOKEN/2" /></map>',
    );
  });

  it('escapes attribute values it re-serializes', () => {
    const result = rewriteLinks('<a href="https://a.test" title="say &quot;hi&quot; &lt;b&gt;">x</a>', track);
    expect(result.html).toBe('<a href="https://t.test/c/TOKEN/0" title="say &quot;hi&quot; &lt;b&gt;">x</a>');
  });

  it('leaves html without links unchanged', () => {
    expect(rewriteLinks('<p>plain</p>', track)).toEqual({ html: '<p>plain</p>', urls: [] });
    // The same with an href in any case: the fast path (no "href" at all) skips only what has none.
    expect(rewriteLinks('<A HREF="https://a.test/x">x</A>', track).urls).toEqual(['https://a.test/x']);
  });
});

describe('composeEmail', () => {
  const base = {
    sender: { fromName: 'Acme', fromEmail: 'hi@acme.test', postalAddress: '1 <Main> St' },
    to: 'ann@example.com',
    subject: 'S',
    html: '<p>Body</p>',
    text: 'Body\n\n',
    reasonLine: 'Because "you" asked',
    unsubscribeUrl: 'https://acme.test/u/T',
    messageId: '<k1@acme.test>',
  };

  it('appends the footer to both bodies, escaping it in html, and leaves footer links untracked', () => {
    const { message, trackedUrls } = composeEmail({ ...base, rewriteLink: () => 'https://t.test/c' });
    expect(trackedUrls).toEqual([]);
    expect(message.html).toContain('<p>1 &lt;Main&gt; St</p>');
    expect(message.html).toContain('<p>Because &quot;you&quot; asked</p>');
    expect(message.html).toContain('<a href="https://acme.test/u/T">Unsubscribe</a>');
    expect(message.text).toBe(
      'Body\n-- \nBecause "you" asked\nUnsubscribe: https://acme.test/u/T\n1 <Main> St',
    );
    expect(message.headers).toEqual({
      'List-Unsubscribe': '<https://acme.test/u/T>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(message.replyTo).toBeUndefined();
  });

  it('normalizes the Message-ID and refuses one that is not an id', () => {
    expect(composeEmail({ ...base, messageId: 'k2@acme.test' }).message.messageId).toBe('<k2@acme.test>');
    expect(() => composeEmail({ ...base, messageId: 'no-at-sign' })).toThrow(
      /messageId must look like <id@domain>/,
    );
  });
});

describe('nextRetryDelay', () => {
  it('grows exponentially under full jitter up to the cap', () => {
    const top = () => 0.999999;
    expect(nextRetryDelay(0, { baseMs: 1000, capMs: 60_000 }, top)).toBe(999);
    expect(nextRetryDelay(3, { baseMs: 1000, capMs: 60_000 }, top)).toBe(7999);
    expect(nextRetryDelay(20, { baseMs: 1000, capMs: 60_000 }, top)).toBe(59_999);
    expect(nextRetryDelay(3, { baseMs: 1000, capMs: 60_000 }, () => 0)).toBe(0);
  });
});
