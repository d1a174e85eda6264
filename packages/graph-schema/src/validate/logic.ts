import { validateLogic } from '../logic/index.js';
import { formatPath, type Problem } from '../problems.js';
import { problem } from './codes.js';

/**
 * Runs `validateLogic` on one rule and re-homes its problems: the rule's inner path is appended
 * to `at` (e.g. `nodes[2].config.branches[0].rule` + `and[1]`), and codes get the `logic.` prefix.
 */
export function checkLogic(
  rule: unknown,
  at: ReadonlyArray<string | number>,
  ids: { nodeId?: string },
  roots?: readonly string[],
): Problem[] {
  try {
    return validateLogic(rule, roots ? { roots } : undefined).map((found) => {
      const out: Problem = {
        code: found.code.startsWith('logic.') ? found.code : `logic.${found.code}`,
        severity: found.severity,
        path: formatPath([...at, ...found.path]),
        message: found.message,
      };
      if (ids.nodeId !== undefined) out.nodeId = ids.nodeId;
      return out;
    });
  } catch (error) {
    const message = `the rule could not be checked: ${error instanceof Error ? error.message : String(error)}`;
    return [problem('logic.check-failed', { path: formatPath(at), nodeId: ids.nodeId }, message)];
  }
}
