import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTINS_VERSION, builtinRegistry, builtins } from './index.js';

type JsonSchema = { title?: string; description?: string; properties?: Record<string, JsonSchema> } & Record<
  string,
  unknown
>;

/** Every object property in a JSON Schema, with its dotted location. */
function properties(schema: JsonSchema, at = ''): Array<[string, JsonSchema]> {
  const own = Object.entries(schema.properties ?? {}).map(([key, value]): [string, JsonSchema] => [
    `${at}${key}`,
    value,
  ]);
  const nested = [
    ...own.flatMap(([key, value]) => properties(value, `${key}.`)),
    ...(['oneOf', 'anyOf', 'allOf'] as const).flatMap((k) =>
      ((schema[k] as JsonSchema[] | undefined) ?? []).flatMap((s) => properties(s, at)),
    ),
    ...(schema.items ? properties(schema.items as JsonSchema, `${at}[].`) : []),
  ];
  return [...own, ...nested];
}

describe('built-in pack', () => {
  it('carries the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(builtins.version).toBe(pkg.version);
    expect(BUILTINS_VERSION).toBe(pkg.version);
  });

  it('registers the seven built-in types (the gate at v2, v1 kept for published versions)', () => {
    expect(builtinRegistry.list().map((n) => `${n.type}@${n.version}`)).toEqual([
      'trigger@1',
      'segment-gate@1',
      'segment-gate@2',
      'wait@1',
      'send@1',
      'sales-handoff@1',
      'update-contact@1',
      'split@1',
    ]);
  });

  describe.each(builtins.nodes.map((node) => [node.type, node] as const))('%s', (_type, node) => {
    it('has defaults that parse, give outputs and a summary', () => {
      const config = node.configSchema.parse(node.defaults);
      expect(node.outputsFor(config).length).toBeGreaterThan(0);
      expect(node.summary?.(config)).toMatch(/\S/);
    });

    it.each(['input', 'output'] as const)(
      'converts to JSON Schema (%s) with a title and description on every field',
      (io) => {
        const schema = z.toJSONSchema(node.configSchema, { io }) as JsonSchema;
        const fields = properties(schema);
        expect(fields.length).toBeGreaterThan(0);
        const untitled = fields.filter(([, f]) => !f.title || !f.description).map(([key]) => key);
        expect(untitled).toEqual([]);
      },
    );
  });
});
