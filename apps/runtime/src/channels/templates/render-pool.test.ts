import { describe, expect, it } from 'vitest';
import { TEMPLATE_LIMITS } from './engine.js';
import { dataSize } from './render-pool.js';
import { renderTemplate } from './render-template.js';

// The issue's hostile output: one filter chain over a huge attribute, which liquidjs' own time
// limit (checked between tags and outputs) cannot interrupt.
const CHAIN = "{{ contact.bio | split: '' | sort_natural | sort | join: '' | size }}";
/** One output that evaluates an expression per character: ~10 µs each, seconds of CPU for 900,000. */
const WHERE = `{{ contact.bio | split: '' | where_exp: 'c', 'c == "a" or c == "b" or c contains "z"' | size }}`;
const bio = (chars: number) => 'qwertyuiopasdfghjklzxcvbnm'.repeat(Math.ceil(chars / 26)).slice(0, chars);

describe('render threads', () => {
  it('stops a filter chain mid-filter at the hard limit, and renders the rest of its batch', async () => {
    const vars = { contact: { bio: bio(900_000), firstName: 'Ann' } };
    // A cooperative limit of 50 ms makes the hard limit 550 ms of CPU; the output needs seconds.
    const [hostile, fine, after] = await Promise.all([
      renderTemplate(WHERE, vars, { field: 'html', timeoutMs: 50 }),
      renderTemplate('Hi {{ contact.firstName }}', vars, { field: 'subject' }),
      renderTemplate('{{ contact.bio | size }}', vars, { field: 'text' }),
    ]);
    expect(hostile).toEqual({
      ok: false,
      error: {
        code: 'limit',
        field: 'html',
        message: 'rendering took more than 0.55 s of CPU and was stopped',
      },
    });
    expect(fine).toEqual({ ok: true, output: 'Hi Ann' });
    expect(after).toEqual({ ok: true, output: '900000' });
    // The terminated thread was replaced.
    expect(await renderTemplate('{{ 1 | plus: 1 }}', {})).toEqual({ ok: true, output: '2' });
  });

  it('refuses data larger than the input cap before copying it to a thread', async () => {
    const result = await renderTemplate(CHAIN, { contact: { bio: bio(2_000_000) } }, { field: 'html' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'limit',
        field: 'html',
        message: 'the data given to the template is larger than 1,000,000 characters',
      },
    });
  });

  it('refuses output longer than the output cap', async () => {
    // Few iterations of a long chunk: the cap is reached well inside the time limit on a busy machine.
    const chunk = '0123456789'.repeat(100);
    const source = `{% for i in (1..${TEMPLATE_LIMITS.outputChars / chunk.length + 1}) %}${chunk}{% endfor %}`;
    expect(await renderTemplate(source, {}, { field: 'text' })).toEqual({
      ok: false,
      error: {
        code: 'limit',
        field: 'text',
        message: 'the rendered text is longer than 1,000,000 characters',
      },
    });
  });

  it('counts data by its strings and keys, and says when it passes the limit', () => {
    // keys 'a' (1 + 4) and 'list' (4 + 4), 'xyz' (3 + 2), the array's brackets (2), 'p' and 'q' (1 + 2 each)
    expect(dataSize({ a: 'xyz', list: ['p', 'q'] }, 1000)).toBe(5 + 8 + 5 + 2 + 3 + 3);
    const huge = { items: Array.from({ length: 100_000 }, () => 'x'.repeat(100)) };
    expect(dataSize(huge, 1000)).toBeGreaterThan(1000);
    expect(dataSize(huge, 20_000_000)).toBe(2 + 100_000 * 102 + 5 + 4);
  });
});
