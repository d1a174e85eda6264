import type { Graph, Problem } from '@crossroads/graph-schema';
import { exitRuleKind } from '@crossroads/nodes';

/**
 * An error on every exit rule left half built: no segment chosen, no attribute picked. The
 * schema accepts them (they are event rules underneath), but such a rule would never end anyone.
 */
export function exitRuleProblems(graph: Graph): Problem[] {
  return (graph.settings.exits ?? []).flatMap((rule, index): Problem[] => {
    const kind = exitRuleKind(rule);
    const missing =
      kind.kind === 'left-segment' && !kind.segment.trim()
        ? 'choose the segment'
        : kind.kind === 'attribute' && !kind.attribute.trim()
          ? 'pick the attribute'
          : null;
    if (!missing) return [];
    return [
      {
        code: 'node.config-invalid',
        severity: 'error',
        path: `settings.exits[${index}].where`,
        message: `Exit rule '${rule.label || index + 1}': ${missing}`,
      },
    ];
  });
}
