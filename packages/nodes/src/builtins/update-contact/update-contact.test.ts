import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { simulateJourney } from '../../journey/simulate.js';
import type { RenderOutcome } from '../../sdk/decision.js';
import { testContext } from '../../testing/context.js';
import { builtinRegistry } from '../index.js';
import { UpdateContactConfig } from './config.js';
import { updateContactNode } from './definition.js';
import { executeUpdateContact } from './execute.js';

const event = {
  type: 'trial.converted',
  properties: { plan: 'growth', seats: 12 },
  timestamp: '2026-03-02T10:00:00Z',
};
/** A stand-in for the host's Liquid: replaces `{{ event.properties.plan }}` only. */
const renderText = (template: string, vars: Record<string, unknown>): RenderOutcome => {
  if (template.includes('{% broken')) return { ok: false, error: 'tag broken not found' };
  const plan = (vars.event as typeof event).properties.plan;
  return { ok: true, output: template.replace('{{ event.properties.plan }}', plan) };
};

describe('update-contact', () => {
  it('sets, copies, adds and removes in order, recording each value before and after', () => {
    const config = UpdateContactConfig.parse({
      changes: [
        { op: 'set', attribute: 'lifecycle_stage', value: 'customer' },
        { op: 'set', attribute: 'plan_label', value: 'Plan: {{ event.properties.plan }}' },
        { op: 'copy', attribute: 'seats', from: 'event.properties.seats' },
        { op: 'increment', attribute: 'lead_score', by: 15 },
        { op: 'increment', attribute: 'conversions' },
        { op: 'unset', attribute: 'trial_ends_at' },
      ],
    });
    const contact = { id: 'c1', lifecycle_stage: 'lead', lead_score: '40', trial_ends_at: '2026-03-05' };
    const decision = executeUpdateContact(testContext(config, { contact, event, renderText }));
    expect(decision).toMatchObject({ next: 'next', effect: { kind: 'contact-update', syncToCrm: true } });
    const changes = 'effect' in decision ? (decision.effect as { changes: unknown[] }).changes : [];
    expect(changes).toEqual([
      { attribute: 'lifecycle_stage', op: 'set', before: 'lead', after: 'customer' },
      { attribute: 'plan_label', op: 'set', before: null, after: 'Plan: growth' },
      { attribute: 'seats', op: 'copy', before: null, after: 12 },
      { attribute: 'lead_score', op: 'increment', before: '40', after: 55, by: 15 },
      { attribute: 'conversions', op: 'increment', before: null, after: 1, by: 1 },
      { attribute: 'trial_ends_at', op: 'unset', before: '2026-03-05', after: null },
    ]);
    expect(decision.reason?.summary).toBe(
      'Updated lifecycle_stage: lead → customer, plan_label: (empty) → Plan: growth, seats: (empty) → 12, lead_score: 40 → 55, conversions: (empty) → 1, trial_ends_at: 2026-03-05 → (empty)',
    );
  });

  it('stores typed values and fails the step, naming the attribute, when a value is not of its type', () => {
    const typed = UpdateContactConfig.parse({
      changes: [
        { op: 'set', attribute: 'score', value: ' 42 ', type: 'number' },
        { op: 'set', attribute: 'vip', value: 'Yes', type: 'boolean' },
      ],
    });
    const decision = executeUpdateContact(testContext(typed));
    expect(decision.reason?.details?.changes).toMatchObject([{ after: 42 }, { after: true }]);
    const bad = UpdateContactConfig.parse({
      changes: [{ op: 'set', attribute: 'score', value: 'lots', type: 'number' }],
    });
    expect(() => executeUpdateContact(testContext(bad))).toThrow(
      "'score' must be a number, but the value is 'lots'",
    );
    const text = UpdateContactConfig.parse({ changes: [{ op: 'increment', attribute: 'stage' }] });
    expect(() => executeUpdateContact(testContext(text, { contact: { id: 'c', stage: 'lead' } }))).toThrow(
      "'stage' is 'lead', not a number to add to",
    );
    const broken = UpdateContactConfig.parse({
      changes: [{ op: 'set', attribute: 'x', value: '{% broken %}' }],
    });
    expect(() => executeUpdateContact(testContext(broken, { renderText }))).toThrow(
      "the value of 'x' does not render: tag broken not found",
    );
  });

  it('leaves an attribute as it is when there is nothing to copy, and says so', () => {
    const config = UpdateContactConfig.parse({
      changes: [{ op: 'copy', attribute: 'plan', from: 'event.properties.nope' }],
    });
    const decision = executeUpdateContact(testContext(config, { event }));
    expect(decision).toEqual({
      next: 'next',
      reason: {
        summary: 'Nothing to change',
        details: { changes: [], nothingToCopy: ['plan'], syncToCrm: true },
      },
    });
  });

  it('keeps Liquid unrendered, and marked, where the host has no Liquid', () => {
    const config = UpdateContactConfig.parse({
      changes: [{ op: 'set', attribute: 'plan', value: '{{ event.properties.plan }}' }],
    });
    const decision = executeUpdateContact(testContext(config, { event }));
    expect(decision.reason?.details?.changes).toEqual([
      { attribute: 'plan', op: 'set', before: null, after: '{{ event.properties.plan }}', unrendered: true },
    ]);
  });

  it('refuses the contact id, bad attribute names and copies from unknown roots', () => {
    const id = UpdateContactConfig.safeParse({ changes: [{ op: 'unset', attribute: 'id' }] });
    expect(id.error?.issues[0]?.message).toContain("'id' is the contact's key");
    const spaced = UpdateContactConfig.safeParse({ changes: [{ op: 'unset', attribute: 'life stage' }] });
    expect(spaced.error?.issues[0]?.path).toEqual(['changes', 0, 'attribute']);
    const root = UpdateContactConfig.safeParse({
      changes: [{ op: 'copy', attribute: 'a', from: 'secrets.key' }],
    });
    expect(root.error?.issues[0]?.message).toContain('event.properties.plan');
    expect(UpdateContactConfig.safeParse({ changes: [] }).success).toBe(false);
  });

  it('describes itself for the palette and exposes copy paths for validation', () => {
    const config = UpdateContactConfig.parse({
      changes: [
        { op: 'set', attribute: 'lifecycle_stage', value: 'sql' },
        { op: 'copy', attribute: 'plan', from: 'event.properties.plan' },
      ],
      syncToCrm: false,
    });
    expect(updateContactNode.summary?.(config)).toBe('Set lifecycle_stage, Copy into plan');
    expect(updateContactNode.logicFields?.(config)).toEqual([
      { path: ['changes', 1, 'from'], rule: { var: 'event.properties.plan' } },
    ]);
    expect(updateContactNode.outputsFor(config)).toEqual([{ id: 'next', label: 'Next' }]);
  });
});

describe('update-contact in a walk', () => {
  const graph: Graph = {
    schemaVersion: 1,
    id: 'stage',
    name: 'Stage',
    settings: { reentry: 'once', timezone: 'UTC' },
    nodes: [
      {
        id: 't',
        type: 'trigger',
        version: 1,
        position: { x: 0, y: 0 },
        config: { on: 'event', event: 'demo.booked' },
      },
      {
        id: 'u',
        type: 'update-contact',
        version: 1,
        position: { x: 0, y: 0 },
        config: { changes: [{ op: 'set', attribute: 'lifecycle_stage', value: 'sql' }] },
      },
      {
        id: 'g',
        type: 'segment-gate',
        version: 1,
        position: { x: 0, y: 0 },
        config: {
          branches: [
            { id: 'sql', label: 'SQL', rule: { '==': [{ var: 'contact.lifecycle_stage' }, 'sql'] } },
          ],
        },
      },
    ],
    edges: [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'u' },
      { id: 'e2', source: 'u', sourceHandle: 'next', target: 'g' },
    ],
  };

  it('later steps read the changed contact, and the simulator shows the change', () => {
    const result = simulateJourney({
      graph,
      registry: builtinRegistry,
      contact: { id: 'c1', lifecycle_stage: 'lead' },
      events: [{ after: 0, type: 'demo.booked' }],
      start: '2026-03-02T10:00:00Z',
    });
    expect(result.outcome).toBe('completed');
    expect(result.path.map((s) => [s.nodeId, s.output])).toEqual([
      ['t', 'next'],
      ['u', 'next'],
      ['g', 'sql'],
    ]);
    expect(result.effects).toEqual([
      {
        nodeId: 'u',
        at: '2026-03-02T10:00:00.000Z',
        effect: {
          kind: 'contact-update',
          changes: [{ attribute: 'lifecycle_stage', op: 'set', before: 'lead', after: 'sql' }],
          syncToCrm: true,
        },
      },
    ]);
  });
});
