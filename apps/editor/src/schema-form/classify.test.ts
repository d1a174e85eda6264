import type { JsonSchema } from '@crossroads/api';
import { GraphSettings } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinItems } from '../catalog/loadCatalog.js';
import { classify, discriminatorOf, emptyValue, enumValues, resolve, unionOptions } from './classify.js';
import { describeDuration } from './duration.js';

const root: JsonSchema = {
  $defs: { Rule: { description: 'A JSONLogic rule (https://jsonlogic.com)', 'x-editor': 'rule' } },
};

/** The widget of every field of a config schema, by dotted location (`branches[].rule`). */
function fieldKinds(schema: JsonSchema, at = ''): Record<string, string> {
  const s = resolve(schema, schema);
  const out: Record<string, string> = {};
  const visit = (node: JsonSchema, prefix: string) => {
    const r = resolve(node, schema);
    for (const [key, property] of Object.entries(r.properties ?? {})) {
      const where = `${prefix}${key}`;
      out[where] = classify(property, schema);
      visit(property, `${where}.`);
      const items = resolve(property, schema).items;
      if (items) visit(items, `${where}[].`);
    }
    for (const option of unionOptions(r)) visit(option, prefix);
  };
  visit(s, at);
  return out;
}

describe('classify', () => {
  it('picks a widget from the x-editor metadata of a field', () => {
    expect(classify({ 'x-editor': 'rule' }, root)).toBe('logic');
    expect(classify({ type: 'string', 'x-editor': 'segment' }, root)).toBe('segment');
    expect(classify({ type: 'string', 'x-editor': 'duration' }, root)).toBe('duration');
    expect(classify({ type: 'string', 'x-editor': 'template', 'x-template': { format: 'html' } }, root)).toBe(
      'template',
    );
    const subject = {
      type: 'string',
      'x-editor': 'template',
      'x-template': { format: 'text', singleLine: true },
    };
    expect(classify(subject, root)).toBe('string');
    expect(classify({ type: 'string', 'x-editor': 'event-type' }, root)).toBe('event-type');
    expect(classify({ type: 'string', 'x-editor': 'text' }, root)).toBe('text');
    expect(classify({ type: 'string', 'x-editor': 'time' }, root)).toBe('time');
    expect(classify({ type: 'string', 'x-editor': 'timezone' }, root)).toBe('timezone');
    expect(classify({ $ref: '#/$defs/Rule' }, root)).toBe('logic');
    expect(classify({ anyOf: [{ 'x-editor': 'rule' }, { type: 'null' }] }, root)).toBe('logic');
  });

  it('otherwise goes by the JSON type, never by names or descriptions', () => {
    expect(classify({ type: 'string' }, root)).toBe('string');
    expect(classify({ type: 'string', description: 'ISO-8601 duration, e.g. P3D' }, root)).toBe('string');
    expect(classify({ type: 'string', description: 'Liquid template for the text' }, root)).toBe('string');
    expect(classify({ type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }, root)).toBe('string');
    expect(classify({ description: 'A JSONLogic rule' }, root)).toBe('json');
    expect(classify({}, root)).toBe('json');
    expect(classify({ type: 'string', 'x-editor': 'liquid' }, root)).toBe('string');
    expect(classify({ type: 'string', enum: ['low', 'high'] }, root)).toBe('enum');
    expect(classify({ type: 'integer' }, root)).toBe('number');
    expect(classify({ type: 'array', items: { type: 'string', enum: ['mon', 'tue'] } }, root)).toBe(
      'array-enum',
    );
    expect(classify({ type: 'array', items: { type: 'object', properties: {} } }, root)).toBe(
      'array-objects',
    );
    expect(classify({ type: 'object', additionalProperties: { type: 'string' } }, root)).toBe('map');
  });

  it('gives every built-in field the widget its metadata names', () => {
    const kinds = Object.fromEntries(
      builtinItems().map((item) => [item.type, fieldKinds(item.configSchema)]),
    );
    expect(kinds.trigger).toMatchObject({ event: 'event-type', filter: 'logic', segment: 'segment' });
    expect(kinds['segment-gate']).toMatchObject({ branches: 'branches', 'branches[].rule': 'logic' });
    expect(kinds['segment-gate']).toMatchObject({
      'branches[].segment': 'segment',
      'branches[].label': 'string',
    });
    expect(kinds.wait).toMatchObject({
      duration: 'duration',
      days: 'array-enum',
      start: 'time',
      where: 'logic',
    });
    expect(kinds.send).toMatchObject({
      subject: 'string',
      html: 'template',
      text: 'template',
      reason: 'string',
    });
    expect(kinds['sales-handoff']).toMatchObject({
      note: 'template',
      'assignment.map': 'map',
      signals: 'array-scalars',
    });
    const settings = fieldKinds(z.toJSONSchema(GraphSettings, { io: 'input' }) as JsonSchema);
    expect(settings).toMatchObject({
      timezone: 'timezone',
      'goal.where': 'logic',
      'frequencyCap.window': 'duration',
    });
  });

  it('gives a pack field the same widget as a built-in field that declares the same metadata', () => {
    const pack = z.toJSONSchema(
      z.object({
        when: z.unknown().meta({ title: 'When', 'x-editor': 'rule' }),
        audience: z.string().meta({ 'x-editor': 'segment' }),
        delay: z.string().meta({ 'x-editor': 'duration' }),
        message: z.string().meta({ 'x-editor': 'template', 'x-template': { format: 'html' } }),
      }),
      { io: 'input', unrepresentable: 'any' },
    ) as JsonSchema;
    expect(fieldKinds(pack)).toEqual({
      when: 'logic',
      audience: 'segment',
      delay: 'duration',
      message: 'template',
    });
  });
  it('treats a nullable field as its non-null type', () => {
    expect(classify({ anyOf: [{ type: 'number' }, { type: 'null' }] }, root)).toBe('number');
  });

  it('finds the discriminator of a union of objects', () => {
    const union: JsonSchema = {
      oneOf: [
        {
          type: 'object',
          properties: { mode: { type: 'string', const: 'duration' }, duration: { type: 'string' } },
        },
        {
          type: 'object',
          properties: { mode: { type: 'string', const: 'event' }, event: { type: 'string' } },
        },
      ],
    };
    expect(classify(union, root)).toBe('union');
    expect(discriminatorOf(unionOptions(union), root)).toBe('mode');
  });

  it('lists enum values from a union of consts', () => {
    const s: JsonSchema = { anyOf: [{ const: 'a', title: 'A' }, { const: 'b' }] };
    expect(classify(s, root)).toBe('enum');
    expect(enumValues(s, root)).toEqual([
      { value: 'a', label: 'A' },
      { value: 'b', label: 'b' },
    ]);
  });

  it('builds empty values with required keys and defaults', () => {
    const s: JsonSchema = {
      type: 'object',
      required: ['name', 'count'],
      properties: {
        name: { type: 'string' },
        count: { type: 'integer', minimum: 1 },
        opt: { type: 'string' },
      },
    };
    expect(emptyValue(s, root)).toEqual({ name: '', count: 1 });
  });
});

describe('describeDuration', () => {
  it('reads ISO durations for people and rejects other text', () => {
    expect(describeDuration('P2DT3H')).toBe('2 days 3 hours');
    expect(describeDuration('PT30M')).toBe('30 minutes');
    expect(describeDuration('P1M')).toBe('1 month');
    expect(describeDuration('PT1S')).toBe('1 second');
    expect(describeDuration('2 days')).toBeNull();
    expect(describeDuration('P')).toBeNull();
  });
});
