import { LIMITS } from '../graph.js';
import { literalMissingKeys, walkRule } from './walk.js';

/**
 * Every data path the rule reads with `var`, `missing` or `missing_some`, deduplicated, in the
 * order the rule reads them. Paths inside map/filter/reduce/all/none/some bodies are left out
 * (they are relative to an array element), and so are paths computed at run time. `""` means
 * the whole data.
 *
 * @example
 * ```ts
 * logicVars({ and: [{ '>': [{ var: 'contact.lead_score' }, 80] }, { missing: ['contact.email'] }] });
 * // ['contact.lead_score', 'contact.email']
 * ```
 */
export function logicVars(rule: unknown): string[] {
  const paths = new Set<string>();
  const add = (path: unknown) => {
    if (path === undefined || path === null) paths.add('');
    else if (['string', 'number', 'boolean'].includes(typeof path)) paths.add(String(path));
  };
  walkRule(rule, ({ operation, depth, scope }) => {
    if (depth > LIMITS.maxLogicDepth) return false;
    if (operation && scope === 'root') {
      if (operation.op === 'var') add(operation.args[0]);
      else for (const key of literalMissingKeys(operation)) add(key);
    }
    return true;
  });
  return [...paths];
}
