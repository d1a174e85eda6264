import { type Graph, LogicRule, validateGraph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtins } from '../builtins/index.js';
import { pricingJourney } from '../journey/fixtures.js';
import { defineNode } from '../sdk/defineNode.js';
import { definePack } from '../sdk/definePack.js';
import { createRegistry } from '../sdk/registry.js';
import { findFields } from './findFields.js';
import { segmentRefs, templateRefs } from './graphFields.js';
import { eventTypeFields, ruleFields, segmentFields, templateFields } from './nodeFields.js';

type Schema = Record<string, unknown>;

/** `x-editor` (and `x-template`) of every field in a JSON Schema, by dotted location. */
function editorFields(schema: Schema, at = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
    const where = `${at}${key}`;
    if (value['x-editor'])
      out[where] = value['x-template'] ? [value['x-editor'], value['x-template']] : value['x-editor'];
    Object.assign(out, editorFields(value, `${where}.`));
  }
  for (const k of ['oneOf', 'anyOf', 'allOf']) {
    for (const option of (schema[k] as Schema[] | undefined) ?? [])
      Object.assign(out, editorFields(option, at));
  }
  if (schema.items) Object.assign(out, editorFields(schema.items as Schema, `${at}[].`));
  return out;
}

const byType = Object.fromEntries(builtins.nodes.map((node) => [node.type, node]));

describe('field metadata on the built-ins', () => {
  const expected: Record<string, Record<string, unknown>> = {
    trigger: { event: 'event-type', filter: 'rule', segment: 'segment', schedule: 'schedule' },
    'segment-gate': { branches: 'branches', 'branches.[].rule': 'rule', 'branches.[].segment': 'segment' },
    'segment-gate@1': { 'branches.[].rule': 'rule', 'branches.[].segment': 'segment' },
    wait: {
      duration: 'duration',
      start: 'time',
      end: 'time',
      event: 'event-type',
      where: 'rule',
      timeout: 'duration',
    },
    send: {
      subject: ['template', { format: 'text', singleLine: true }],
      html: ['template', { format: 'html' }],
      text: ['template', { format: 'text' }],
    },
    'sales-handoff': { note: ['template', { format: 'text' }] },
    split: { arms: 'arms' },
    'update-contact': { 'changes.[].value': ['template', { format: 'text', singleLine: true }] },
  };

  it.each(['input', 'output'] as const)('survives z.toJSONSchema (%s)', (io) => {
    for (const node of builtins.nodes) {
      expect(editorFields(z.toJSONSchema(node.configSchema, { io }) as Schema), node.type).toEqual(
        expected[`${node.type}@${node.version}`] ?? expected[node.type],
      );
    }
  });

  it('finds templates with their escaping, segments, rules and event types in configs', () => {
    const send = { subject: 'Hi {{ contact.first_name }}', html: '<p>{{ x }}</p>', reason: 'r' };
    expect(templateFields(byType.send!, send)).toEqual([
      { path: ['subject'], source: 'Hi {{ contact.first_name }}', escape: 'none' },
      { path: ['html'], source: '<p>{{ x }}</p>', escape: 'html' },
    ]);
    const gate = {
      branches: [
        { id: 'a', label: 'A', rule: { '==': [1, 1] } },
        { id: 'b', label: 'B', segment: 'vips' },
      ],
    };
    expect(segmentFields(byType['segment-gate']!, gate)).toEqual([
      { path: ['branches', 1, 'segment'], name: 'vips' },
    ]);
    expect(ruleFields(byType['segment-gate']!, gate)).toEqual([
      { path: ['branches', 0, 'rule'], rule: { '==': [1, 1] } },
    ]);
    // Discriminated unions: only the option the config is in counts.
    expect(segmentFields(byType.trigger!, { on: 'segment', segment: 'hot' })).toEqual([
      { path: ['segment'], name: 'hot' },
    ]);
    expect(eventTypeFields(byType.trigger!, { on: 'event', event: 'page.viewed' })).toEqual(['page.viewed']);
    expect(eventTypeFields(byType.wait!, { mode: 'duration', duration: 'P1D' })).toEqual([]);
  });

  it('walks $refs, maps and arrays', () => {
    const schema = {
      $defs: { Name: { type: 'string', 'x-editor': 'segment' } },
      type: 'object',
      properties: { byRegion: { type: 'object', additionalProperties: { $ref: '#/$defs/Name' } } },
    };
    const found = findFields(
      schema,
      { byRegion: { emea: 'eu-leads', us: 'us-leads' } },
      (s) => s['x-editor'] === 'segment',
    );
    expect(found.map((f) => [f.path, f.value])).toEqual([
      [['byRegion', 'emea'], 'eu-leads'],
      [['byRegion', 'us'], 'us-leads'],
    ]);
  });
});

describe('a pack node that declares the same metadata', () => {
  const audience = defineNode({
    type: 'acme/audience',
    version: 1,
    title: 'Audience',
    description: 'Routes by a rule or a segment',
    category: 'Flow',
    icon: 'users',
    color: '#000000',
    kind: 'gate',
    configSchema: z.object({
      when: LogicRule.meta({ title: 'When', 'x-editor': 'rule' }),
      audience: z.string().meta({ title: 'Audience', 'x-editor': 'segment' }),
      message: z
        .string()
        .meta({ title: 'Message', 'x-editor': 'template', 'x-template': { format: 'html' } }),
    }),
    defaults: { when: true, audience: 'all', message: '' },
    outputs: [{ id: 'next', label: 'Next' }],
    execute: () => ({ next: 'next' }),
  });
  const registry = createRegistry([
    builtins,
    definePack({ name: '@acme/acme', version: '1.0.0', nodes: [audience] }),
  ]);
  const graph = (): Graph => {
    const base = pricingJourney();
    base.nodes.push({
      id: 'aud',
      type: 'acme/audience',
      version: 1,
      position: { x: 0, y: 0 },
      config: { when: { nope: [1] }, audience: 'vips', message: '<b>{{ contact.first_name }}</b>' },
    });
    base.edges.push({ id: 'to-aud', source: 'send-case-study', sourceHandle: 'next', target: 'aud' });
    return base;
  };

  it('is found by segmentRefs and templateRefs like a built-in', () => {
    expect(segmentRefs(graph(), registry)).toEqual([
      { nodeId: 'aud', name: 'vips', path: 'nodes[6].config.audience' },
    ]);
    expect(templateRefs(graph(), registry).filter((t) => t.nodeId === 'aud')).toEqual([
      {
        nodeId: 'aud',
        path: 'nodes[6].config.message',
        field: 'message',
        source: '<b>{{ contact.first_name }}</b>',
        escape: 'html',
      },
    ]);
  });

  it('has its rules validated without listing them in logicRules', () => {
    expect(audience.logicFields?.({ when: { nope: [1] } })).toEqual([
      { path: ['when'], rule: { nope: [1] } },
    ]);
    const problems = validateGraph(graph(), registry).problems.filter((p) => p.nodeId === 'aud');
    expect(problems.map((p) => [p.code, p.path])).toContainEqual([
      'logic.operator.unknown',
      'nodes[6].config.when.nope',
    ]);
  });
});
