import type { Graph } from '@crossroads/graph-schema';
import { exitRuleOf } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { exitRuleProblems } from './exitRuleProblems.js';

const graph = (exits: Graph['settings']['exits']) =>
  ({ settings: { reentry: 'once', timezone: 'UTC', exits } }) as unknown as Graph;

describe('exitRuleProblems', () => {
  it('flags a rule without its segment or attribute, and nothing else', () => {
    const problems = exitRuleProblems(
      graph([
        exitRuleOf({ kind: 'left-segment', label: 'Left', segment: '' }),
        exitRuleOf({ kind: 'attribute', label: 'Changed', attribute: '' }),
        exitRuleOf({ kind: 'attribute', label: 'Plan', attribute: 'plan' }),
        exitRuleOf({ kind: 'event', label: 'Cancelled', event: 'subscription.cancelled' }),
      ]),
    );
    expect(problems.map((p) => [p.path, p.message, p.severity])).toEqual([
      ['settings.exits[0].where', "Exit rule 'Left': choose the segment", 'error'],
      ['settings.exits[1].where', "Exit rule 'Changed': pick the attribute", 'error'],
    ]);
    expect(exitRuleProblems(graph(undefined))).toEqual([]);
  });
});
