import type { JsonSchema } from '@crossroads/api';
import { describe, expect, it } from 'vitest';
import { classify, discriminatorOf, emptyValue, enumValues, unionOptions } from './classify.js';
import { describeDuration } from './duration.js';

const root: JsonSchema = {
  $defs: { Rule: { description: 'A JSONLogic rule (https://jsonlogic.com)' } },
};

describe('classify', () => {
  it('picks a widget from the schema, its description and the key', () => {
    expect(classify({ type: 'string' }, 'name', root)).toBe('string');
    expect(classify({ type: 'string', description: 'ISO-8601 duration, e.g. P3D' }, 'timeout', root)).toBe(
      'duration',
    );
    expect(classify({ $ref: '#/$defs/Rule' }, 'anything', root)).toBe('logic');
    expect(classify({}, 'where', root)).toBe('logic');
    expect(classify({}, 'payload', root)).toBe('json');
    expect(classify({ type: 'string' }, 'html', root)).toBe('template');
    expect(classify({ type: 'string' }, 'segment', root)).toBe('segment');
    expect(classify({ type: 'string', enum: ['low', 'high'] }, 'priority', root)).toBe('enum');
    expect(classify({ type: 'integer' }, 'n', root)).toBe('number');
    expect(classify({ type: 'array', items: { type: 'string', enum: ['mon', 'tue'] } }, 'days', root)).toBe(
      'array-enum',
    );
    expect(classify({ type: 'array', items: { type: 'object', properties: {} } }, 'branches', root)).toBe(
      'array-objects',
    );
    expect(classify({ type: 'string', 'x-editor': 'liquid' }, 'x', root)).toBe('template');
    expect(classify({ type: 'string', description: 'Liquid template, e.g. hi' }, 'subject', root)).toBe(
      'string',
    );
    expect(classify({ type: 'string', description: 'Liquid template for the text' }, 'text', root)).toBe(
      'template',
    );
    expect(classify({ type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }, 'start', root)).toBe('time');
    expect(classify({ type: 'object', additionalProperties: { type: 'string' } }, 'map', root)).toBe('map');
  });

  it('treats a nullable field as its non-null type', () => {
    expect(classify({ anyOf: [{ type: 'number' }, { type: 'null' }] }, 'cap', root)).toBe('number');
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
    expect(classify(union, 'wait', root)).toBe('union');
    expect(discriminatorOf(unionOptions(union), root)).toBe('mode');
  });

  it('lists enum values from a union of consts', () => {
    const s: JsonSchema = { anyOf: [{ const: 'a', title: 'A' }, { const: 'b' }] };
    expect(classify(s, 'x', root)).toBe('enum');
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
