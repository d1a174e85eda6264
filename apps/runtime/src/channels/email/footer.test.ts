import { describe, expect, it } from 'vitest';
import { composeEmail } from './compose-email.js';
import { renderFooter } from './footer.js';

const base = {
  reasonLine: 'You signed up at acme.test.',
  unsubscribeUrl: 'https://acme.test/u/T',
};

describe('renderFooter', () => {
  it('prints the postal address in both parts when there is one', () => {
    const footer = renderFooter({ ...base, postalAddress: 'Acme Ltd., 1 <Main> St, Springfield' });
    expect(footer.html).toContain('<p>Acme Ltd., 1 &lt;Main&gt; St, Springfield</p>');
    expect(footer.text.split('\n').at(-1)).toBe('Acme Ltd., 1 <Main> St, Springfield');
  });

  it('leaves the address line out of both parts when the workspace has none', () => {
    for (const postalAddress of ['', '  \n ']) {
      const footer = renderFooter({ ...base, postalAddress });
      expect(footer.html).toBe(
        '<div class="crossroads-footer" style="margin-top:24px;font-size:12px;color:#666">' +
          '<p>You signed up at acme.test.</p><p><a href="https://acme.test/u/T">Unsubscribe</a></p></div>',
      );
      expect(footer.text).toBe('\n-- \nYou signed up at acme.test.\nUnsubscribe: https://acme.test/u/T');
    }
  });

  it('puts no staff-facing hint into a composed email without a postal address', () => {
    const { message } = composeEmail({
      ...base,
      sender: { fromName: 'Acme', fromEmail: 'hi@acme.test', postalAddress: '' },
      to: 'ann@example.com',
      subject: 'Hi',
      html: '<html><body><p>Body</p></body></html>',
      text: 'Body',
      messageId: '<k1@acme.test>',
    });
    const html = String(message.html);
    const text = String(message.text);
    for (const part of [html, text]) {
      expect(part).not.toMatch(/postal address|sender settings/i);
      expect(part).toContain('https://acme.test/u/T');
    }
    expect(html).not.toContain('<p></p>');
    expect(html).toMatch(/Unsubscribe<\/a><\/p><\/div><\/body>/);
    expect(text.endsWith('Unsubscribe: https://acme.test/u/T')).toBe(true);
  });
});
