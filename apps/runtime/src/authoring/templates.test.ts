import { builtinRegistry } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { mainThreadCpuMs } from '../testing/eventLoop.js';
import { previewTemplates, SAMPLE_CONTACT, templateProblems } from './templates.js';

/** The template problems of one send node with this config, at nodes[0]. */
const sendProblems = (config: Record<string, unknown>, id = 'welcome') =>
  templateProblems({ nodes: [{ id, type: 'send', version: 1, config }] } as never, builtinRegistry);

describe('template validation for save time', () => {
  it('names the node, field, line and column of each broken template', async () => {
    const problems = await sendProblems({
      subject: 'Hi {{ contact.first_name',
      html: '<p>ok</p>',
      text: 'line one\n{% if %}x{% endif %}',
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'template.syntax',
        severity: 'error',
        path: 'nodes[0].config.subject',
        nodeId: 'welcome',
        line: 1,
        column: 4,
      }),
      expect.objectContaining({
        code: 'template.syntax',
        path: 'nodes[0].config.text',
        nodeId: 'welcome',
        line: 2,
      }),
    ]);
    expect(problems[0]?.message).toMatch(/^line 1, column 4: /);
  });

  it('parses big templates off the event loop', async () => {
    // 198,000 characters of dense tags take a third of a second of CPU each to parse.
    const big = '{% if contact.plan %}x{% endif %}'.repeat(6_000);
    const started = mainThreadCpuMs();
    const problems = await sendProblems({ subject: big, html: big, text: `${big}{% endif %}` });
    // Parsed in the render threads: this thread spent a few of /proc's 10 ms ticks, not a second.
    expect(mainThreadCpuMs() - started).toBeLessThan(100);
    expect(problems).toEqual([
      expect.objectContaining({ path: 'nodes[0].config.text', code: 'template.syntax' }),
    ]);
  });

  it('accepts good templates and refuses tags the sandbox forbids', async () => {
    expect(
      await sendProblems({ subject: 'Hi {{ contact.first_name | default: "there" }}', text: 'x' }),
    ).toEqual([]);
    const include = await sendProblems({ subject: '{% include "secrets" %}' });
    expect(include).toHaveLength(1);
  });

  it('checks send and sales-handoff nodes of a graph, leaving other nodes alone', async () => {
    const nodes = [
      { id: 't', type: 'trigger', version: 1, config: { subject: '{{ not checked' } },
      { id: 's', type: 'send', version: 1, config: { subject: 'ok', html: '{% for %}' } },
      { id: 'h', type: 'sales-handoff', version: 1, config: { note: '{{ contact.name ' } },
    ];
    const problems = await templateProblems({ nodes } as never, builtinRegistry);
    expect(problems.map((p) => [p.nodeId, p.path])).toEqual([
      ['s', 'nodes[1].config.html'],
      ['h', 'nodes[2].config.note'],
    ]);
  });

  it('previews with the sample contact', async () => {
    const result = await previewTemplates({
      template: { subject: '{{ contact.first_name }} at {{ contact.company.name }}' },
      contact: SAMPLE_CONTACT,
      event: null,
    });
    expect(result).toEqual({ ok: true, rendered: { subject: 'Ann at Acme Inc.' } });
  });
});
