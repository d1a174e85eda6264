import { type Graph, type Problem, stepName } from '@crossroads/graph-schema';
import { type Arm, sharesProblem } from '../schema-form/arms.js';

/**
 * An error on every split step whose arms' shares do not add up to 100%. The runtime accepts any
 * relative weights (the API's contract); the editor asks for percentages so what people read on
 * the canvas is what contacts get, and Publish stays blocked until they add up.
 */
export function splitProblems(graph: Graph): Problem[] {
  return graph.nodes.flatMap((node, index): Problem[] => {
    const arms = (node.config as { arms?: unknown }).arms;
    if (node.type !== 'split' || !Array.isArray(arms)) return [];
    const problem = sharesProblem(arms as Arm[]);
    return problem
      ? [
          {
            code: 'node.config-invalid',
            severity: 'error',
            path: `nodes[${index}].config.arms`,
            nodeId: node.id,
            message: `${stepName(node)}: ${problem}`,
          },
        ]
      : [];
  });
}
