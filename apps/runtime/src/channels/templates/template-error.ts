import { LiquidError } from 'liquidjs';
import { TEMPLATE_LIMITS } from './engine.js';

/**
 * Why a template was refused. `syntax`: it does not parse (a 422 at save time); `limit`: it hit a
 * sandbox limit (size, time, memory, nesting); `render`: it parsed but failed while rendering.
 */
export interface TemplateError {
  code: 'syntax' | 'limit' | 'render';
  message: string;
  /** The template field, e.g. `subject` or `config.html`, when the caller named one. */
  field?: string;
  /** 1-based position in the template source, when liquidjs could tell. */
  line?: number;
  column?: number;
}

const LIMIT_MESSAGE = /limit exceeded|Maximum call stack size exceeded/;

/** Turns whatever liquidjs threw into a TemplateError that names the field and position. */
export function toTemplateError(thrown: unknown, code: 'syntax' | 'render', field?: string): TemplateError {
  const raw = thrown instanceof Error ? thrown : new Error(String(thrown));
  // liquidjs appends ", line:1, col:2" to its messages; the position is reported separately
  const detail = raw.message.replace(/, line:\d+, col:\d+$/, '');
  const isLimit = LIMIT_MESSAGE.test(detail);
  const message = /Maximum call stack/.test(detail)
    ? `template is nested too deeply (at most ${TEMPLATE_LIMITS.nestingDepth} levels)`
    : detail;
  const error: TemplateError = { code: isLimit ? 'limit' : code, message };
  if (field !== undefined) error.field = field;
  if (raw instanceof LiquidError && raw.token) {
    const [line, column] = raw.token.getPosition();
    error.line = line;
    error.column = column;
  }
  return error;
}

/** One line for logs and API messages: `subject: line 2, column 3: output "{{ x" not closed`. */
export function describeTemplateError(error: TemplateError): string {
  const where = error.line !== undefined ? `line ${error.line}, column ${error.column}: ` : '';
  return `${error.field ? `${error.field}: ` : ''}${where}${error.message}`;
}
