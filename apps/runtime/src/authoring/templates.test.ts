import { builtinRegistry } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { previewTemplates, SAMPLE_CONTACT, templateProblems } from './templates.js';

/** The template problems of one send node with this config, at nodes[0]. */
const sendProblems = (config: Record<string, unknown>, id = 'welcome') =>
  templateProblems({ nodes: [{ id, type: 'send', version: 1, config }] } as never, builtinRegistry);

describe('template validation for save time', () => {
  it('names the node, field, line and column of each broken template', () => {
    const problems = sendProblems({
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

  it('accepts good templates and refuses tags the sandbox forbids', () => {
    expect(sendProblems({ subject: 'Hi {{ contact.first_name | default: "there" }}', text: 'x' })).toEqual(
      [],
    );
    const include = sendProblems({ subject: '{% include "secrets" %}' });
    expect(include).toHaveLength(1);
  });

  it('checks send and sales-handoff nodes of a graph, leaving other nodes alone', () => {
    const nodes = [
      { id: 't', type: 'trigger', version: 1, config: { subject: '{{ not checked' } },
      { id: 's', type: 'send', version: 1, config: { subject: 'ok', html: '{% for %}' } },
      { id: 'h', type: 'sales-handoff', version: 1, config: { note: '{{ contact.name ' } },
    ];
    const problems = templateProblems({ nodes } as never, builtinRegistry);
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
