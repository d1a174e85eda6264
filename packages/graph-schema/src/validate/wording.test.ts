import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodeRegistry } from '../registry.js';
import { validateGraph } from './validateGraph.js';
import { stepName, typeWords } from './wording.js';

const Send = z.object({
  subject: z.string().min(1).meta({ title: 'Subject' }),
  html: z.string().optional().meta({ title: 'HTML body' }),
  reason: z.string().min(1).meta({ title: 'Why they get this' }),
});
const Gate = z.object({
  branches: z
    .array(
      z
        .object({
          label: z.string().min(1).meta({ title: 'Label' }),
          score: z.number().meta({ title: 'Score' }),
        })
        .meta({ title: 'Branch' }),
    )
    .min(1)
    .meta({ title: 'Branches' }),
});
const registry: NodeRegistry = {
  get: (type) =>
    type === 'send'
      ? { type, version: 1, kind: 'action', configSchema: Send, outputsFor: () => [] }
      : type === 'trigger'
        ? {
            type,
            version: 1,
            kind: 'trigger',
            configSchema: z.object({}),
            outputsFor: () => [{ id: 'next', label: 'Next' }],
          }
        : type === 'segment-gate'
          ? { type, version: 1, kind: 'gate', configSchema: Gate, outputsFor: () => [] }
          : undefined,
  versionsOf: () => [1],
};

const graph = (nodes: Array<Record<string, unknown>>) => ({
  schemaVersion: 1,
  id: 'g',
  name: 'g',
  nodes: [{ id: 't', type: 'trigger', version: 1, position: { x: 0, y: 0 }, config: {} }, ...nodes].map(
    (n) => ({
      position: { x: 0, y: 0 },
      version: 1,
      ...n,
    }),
  ),
  edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'send-1' }],
  settings: { reentry: 'once', timezone: 'UTC' },
});

describe('problem wording', () => {
  it('names the step by its label and the field by its title, in plain words', () => {
    const { problems } = validateGraph(
      graph([
        { id: 'send-1', type: 'send', label: 'Pricing follow-up', config: { subject: '', reason: 'x' } },
      ]),
      registry,
    );
    expect(problems.map((p) => p.message)).toEqual(["Send 'Pricing follow-up': the subject is empty"]);
    expect(problems[0]?.path).toBe('nodes[1].config.subject');
  });

  it('names list items by their label or position, and missing fields as missing', () => {
    const { problems } = validateGraph(
      graph([
        { id: 'send-1', type: 'send', config: { reason: 'x' } },
        {
          id: 'g',
          type: 'segment-gate',
          label: 'Is hot?',
          config: {
            branches: [
              { label: 'Hot', score: 'high' },
              { label: '', score: 1 },
            ],
          },
        },
      ]),
      registry,
    );
    const messages = problems.filter((p) => p.code === 'node.config-invalid').map((p) => p.message);
    expect(messages).toEqual([
      'Send step: the subject is missing',
      "Segment gate 'Is hot?', branch 'Hot': the score must be a number",
      "Segment gate 'Is hot?', branch 2: the label is empty",
    ]);
  });

  it('words step kinds from their type', () => {
    expect(typeWords('sales-handoff')).toBe('Sales handoff');
    expect(typeWords('@acme/ab-split')).toBe('Ab split');
    expect(stepName({ type: 'wait', label: '  ' })).toBe('Wait step');
  });
});
