import { describe, expect, it } from 'vitest';
import { TEMPLATE_LIMITS } from './engine.js';
import { parseTemplate } from './parse-template.js';
import { renderTemplate } from './render-template.js';
import { describeTemplateError } from './template-error.js';

const contact = { firstName: 'Ann', email: 'ann@example.com', tags: ['a', 'b'] };

describe('parseTemplate', () => {
  it('accepts a valid template', () => {
    expect(parseTemplate('Hi {{ contact.firstName | upcase }}', 'subject').ok).toBe(true);
  });

  it('reports the field, line and column of a syntax error', () => {
    const result = parseTemplate('Hello\n  {{ contact.firstName | upcase \nbye', 'html');
    expect(result).toMatchObject({ ok: false, error: { code: 'syntax', field: 'html', line: 2, column: 3 } });
    if (!result.ok)
      expect(describeTemplateError(result.error)).toMatch(/^html: line 2, column 3: output .* not closed/);
  });

  it('reports an unclosed block tag', () => {
    const result = parseTemplate('a\nb {% if x %}yes', 'text');
    expect(result).toMatchObject({ ok: false, error: { code: 'syntax', line: 2, column: 3 } });
  });

  it('refuses unknown filters at save time (strict filters)', () => {
    expect(parseTemplate('{{ x | no_such_filter }}', 'subject')).toMatchObject({
      ok: false,
      error: { code: 'syntax', message: 'undefined filter: no_such_filter' },
    });
  });

  it.each(['{% include "/etc/passwd" %}', '{% render "x" %}', '{% layout "x" %}'])(
    'has no file tags: %s',
    (source) => {
      const result = parseTemplate(source, 'html');
      expect(result).toMatchObject({ ok: false, error: { code: 'syntax' } });
      if (!result.ok) expect(result.error.message).toMatch(/tag ".*" not found/);
    },
  );

  it('refuses deep nesting before the parser recurses', () => {
    const depth = 5_000;
    const result = parseTemplate(`${'{% if true %}'.repeat(depth)}x${'{% endif %}'.repeat(depth)}`, 'html');
    expect(result).toMatchObject({ ok: false, error: { code: 'limit', line: 1 } });
    if (!result.ok) expect(result.error.message).toContain('nested too deeply');
  });

  it('accepts nesting up to the limit', () => {
    const depth = TEMPLATE_LIMITS.nestingDepth;
    expect(parseTemplate(`${'{% if true %}'.repeat(depth)}x${'{% endif %}'.repeat(depth)}`).ok).toBe(true);
  });

  it('refuses a template longer than the parse limit', () => {
    const result = parseTemplate('x'.repeat(TEMPLATE_LIMITS.parseChars + 1), 'html');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'limit', message: 'parse length limit exceeded' },
    });
  });
});

describe('renderTemplate', () => {
  it('renders variables and filters', async () => {
    const result = await renderTemplate('Hi {{ contact.firstName }} ({{ contact.tags | join: "," }})', {
      contact,
    });
    expect(result).toEqual({ ok: true, output: 'Hi Ann (a,b)' });
  });

  it("renders a template parsed once (kept by its render thread) with each contact's data", async () => {
    const source = 'Hello {{ contact.firstName }}<br>{{ contact.tags | join: "+" }}';
    const outputs = await Promise.all(
      ['Ann', 'Bo', '<Cy>'].map((firstName) =>
        renderTemplate(source, { contact: { firstName, tags: [firstName] } }, { escape: 'html' }),
      ),
    );
    expect(outputs).toEqual([
      { ok: true, output: 'Hello Ann<br>Ann' },
      { ok: true, output: 'Hello Bo<br>Bo' },
      { ok: true, output: 'Hello &lt;Cy&gt;<br>&lt;Cy&gt;' },
    ]);
    // The same source without escaping is another parse: nothing escaped.
    expect(await renderTemplate(source, { contact: { firstName: '<Cy>', tags: [] } })).toEqual({
      ok: true,
      output: 'Hello <Cy><br>',
    });
    // A template that does not parse reports the field it was asked for, each time.
    for (const field of ['subject', 'html']) {
      const failed = await renderTemplate('Hi {{ contact.firstName', {}, { field });
      expect(failed.ok === false && failed.error.field).toBe(field);
    }
  });

  it('escapes output in html mode, and only there', async () => {
    const vars = { contact: { firstName: '<script>alert("x")</script>' } };
    const html = await renderTemplate('<p>{{ contact.firstName }}</p>', vars, { escape: 'html' });
    expect(html).toEqual({ ok: true, output: '<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>' });
    const text = await renderTemplate('{{ contact.firstName }}', vars);
    expect(text).toEqual({ ok: true, output: '<script>alert("x")</script>' });
  });

  it('renders text without Liquid as itself, as the thread does (escaping is for outputs only)', async () => {
    for (const source of ['', 'Call me back', '<p>Fish & chips</p>']) {
      const here = await renderTemplate(source, { contact: { id: 'c' } }, { escape: 'html' });
      const threaded = await renderTemplate(
        `${source}{{ "" }}`,
        { contact: { id: 'c' } },
        { escape: 'html' },
      );
      expect(here).toEqual({ ok: true, output: source });
      expect(threaded).toEqual(here);
    }
  });

  it('lets an html template opt out of escaping with raw', async () => {
    const result = await renderTemplate('{{ snippet | raw }}', { snippet: '<b>hi</b>' }, { escape: 'html' });
    expect(result).toEqual({ ok: true, output: '<b>hi</b>' });
  });

  it('reads own properties only', async () => {
    const source =
      '[{{ contact.constructor }}][{{ contact.__proto__ }}][{{ contact["constructor"]["name"] }}][{{ contact.toString }}][{{ contact.tags.constructor.name }}]';
    const result = await renderTemplate(source, { contact });
    expect(result).toEqual({ ok: true, output: '[][][][][]' });
  });

  it('does not read inherited properties of class instances', async () => {
    class Secretive {
      get secret() {
        return 'leaked';
      }
    }
    const result = await renderTemplate('[{{ obj.secret }}]', { obj: new Secretive() });
    expect(result).toEqual({ ok: true, output: '[]' });
  });

  it('cuts off a huge range with the memory limit', async () => {
    const result = await renderTemplate('{% for i in (1..100000000) %}x{% endfor %}', {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'limit', message: 'memory alloc limit exceeded' },
    });
  });

  it('cuts off nested loops that stay under the memory limit with the time limit', async () => {
    const source =
      '{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}';
    const result = await renderTemplate(source, {}, { timeoutMs: 100, field: 'html' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'limit', field: 'html', message: 'template render limit exceeded' },
    });
  });

  it('cuts off string doubling through filters with the memory limit', async () => {
    const source =
      '{% assign s = "0123456789" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}';
    const result = await renderTemplate(source, {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'limit', message: 'memory alloc limit exceeded' },
    });
  });

  it('returns a syntax error instead of throwing', async () => {
    const result = await renderTemplate('{{ x | nope }}', {}, { field: 'subject' });
    expect(result).toMatchObject({ ok: false, error: { code: 'syntax', field: 'subject' } });
  });
});
