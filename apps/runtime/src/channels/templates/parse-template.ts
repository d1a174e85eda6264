import type { Template } from 'liquidjs';
import { type TemplateEscape, templateEngine } from './engine.js';
import { checkNesting } from './nesting.js';
import { type TemplateError, toTemplateError } from './template-error.js';

export type ParseResult = { ok: true; template: Template[] } | { ok: false; error: TemplateError };

/**
 * Parses a Liquid template in the sandbox, for validation at save time (a failure is a 422 naming
 * the field, line and column) and before every render.
 *
 * @example
 * const result = parseTemplate('Hi {{ contact.firstName', 'subject');
 * // { ok: false, error: { code: 'syntax', field: 'subject', line: 1, column: 4, message: 'output "{{ contact.firstName" not closed' } }
 */
export function parseTemplate(
  source: string,
  fieldName?: string,
  escaping: TemplateEscape = 'none',
): ParseResult {
  const tooDeep = checkNesting(source, fieldName);
  if (tooDeep) return { ok: false, error: tooDeep };
  try {
    return { ok: true, template: templateEngine(escaping).parse(source) };
  } catch (thrown) {
    return { ok: false, error: toTemplateError(thrown, 'syntax', fieldName) };
  }
}
