import { TEMPLATE_LIMITS } from './engine.js';
import type { TemplateError } from './template-error.js';

const BLOCK_TAG = /\{%-?\s*(end)?(if|unless|for|case|capture|tablerow|raw|comment)\b/g;

/**
 * Refuses block tags nested deeper than the limit before liquidjs parses them: its parser recurses
 * once per level, so thousands of levels would overflow the stack instead of failing cleanly.
 */
export function checkNesting(source: string, field?: string): TemplateError | undefined {
  let depth = 0;
  for (const match of source.matchAll(BLOCK_TAG)) {
    depth += match[1] ? -1 : 1;
    if (depth <= TEMPLATE_LIMITS.nestingDepth) continue;
    const before = source.slice(0, match.index);
    const error: TemplateError = {
      code: 'limit',
      message: `template is nested too deeply (at most ${TEMPLATE_LIMITS.nestingDepth} levels)`,
      line: before.split('\n').length,
      column: match.index - before.lastIndexOf('\n'),
    };
    if (field !== undefined) error.field = field;
    return error;
  }
  return undefined;
}
