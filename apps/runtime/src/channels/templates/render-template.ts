import { TEMPLATE_LIMITS, type TemplateEscape, templateEngine } from './engine.js';
import { parseTemplate } from './parse-template.js';
import { limitError, type RenderResult } from './render-here.js';
import { renderInThread } from './render-pool.js';
import { type TemplateError, toTemplateError } from './template-error.js';

export type { RenderResult } from './render-here.js';

export interface RenderTemplateOptions {
  /** `html` escapes every output value (use `| raw` to opt out); `none` for subjects and text. */
  escape?: TemplateEscape;
  /** Cooperative time limit in ms (liquidjs, between tags); defaults to TEMPLATE_LIMITS.renderMs. */
  timeoutMs?: number;
  /** Field name reported in errors, e.g. `html`. */
  field?: string;
}

/**
 * Renders a Liquid template against plain data (contact, event, journey) in the sandbox, in a
 * render thread (render-pool.ts): own properties only, no file access, unknown filters refused,
 * caps on the data given and the text produced, liquidjs' time and memory limits, and a hard
 * wall-clock limit that terminates the thread, so no template holds the event loop. Results,
 * never exceptions: a runaway template is a `limit` error naming the field.
 *
 * @example
 * const result = await renderTemplate('<p>Hi {{ contact.firstName }}</p>', { contact: { firstName: '<Ann>' } }, { escape: 'html' });
 * // { ok: true, output: '<p>Hi &lt;Ann&gt;</p>' }
 */
export function renderTemplate(
  source: string,
  vars: Record<string, unknown>,
  options: RenderTemplateOptions = {},
): Promise<RenderResult> {
  // Text without a Liquid delimiter renders to itself (escaping applies to outputs only): an empty
  // handoff note or a plain text body need not cross to a thread (~7 % of a walk's main thread).
  if (!source.includes('{') && source.length <= TEMPLATE_LIMITS.outputChars)
    return Promise.resolve({ ok: true, output: source });
  return renderInThread({
    source,
    vars,
    ...(options.escape && { escape: options.escape }),
    ...(options.field !== undefined && { field: options.field }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
}

/**
 * Parses a template in a render thread, for checks at save time: a template of 200,000
 * characters of dense tags takes a third of a second of CPU to parse, which must not hold the
 * event loop either. Checks asked for together (a graph's fields) go as one batch.
 *
 * @example
 * const check = await checkTemplate('Hi {{ contact.firstName', 'subject');
 * // { ok: false, error: { code: 'syntax', field: 'subject', line: 1, column: 4, message: 'output "{{ contact.firstName" not closed' } }
 */
export async function checkTemplate(
  source: string,
  field?: string,
  escaping?: TemplateEscape,
): Promise<{ ok: true } | { ok: false; error: TemplateError }> {
  const result = await renderInThread({
    source,
    vars: {},
    parseOnly: true,
    ...(escaping && { escape: escaping }),
    ...(field !== undefined && { field }),
  });
  return result.ok ? { ok: true } : result;
}

/** Longest template rendered on the calling thread: a short value, not an email body. */
const SYNC_SOURCE_CHARS = 2_000;

/**
 * `renderTemplate`, synchronously (liquidjs `renderSync`, same sandbox and limits): for values a
 * walk decides while it runs (update-contact), where later steps read the result. It runs on the
 * caller's thread, so only short templates are taken and the output is capped like a thread's.
 *
 * @example
 * renderTemplateSync('{{ event.properties.plan | upcase }}', { event: { properties: { plan: 'pro' } } });
 * // { ok: true, output: 'PRO' }
 */
export function renderTemplateSync(
  source: string,
  vars: Record<string, unknown>,
  options: RenderTemplateOptions = {},
): RenderResult {
  if (source.length > SYNC_SOURCE_CHARS)
    return limitError(
      `the value is longer than ${SYNC_SOURCE_CHARS.toLocaleString('en')} characters`,
      options.field,
    );
  const escaping = options.escape ?? 'none';
  const parsed = parseTemplate(source, options.field, escaping);
  if (!parsed.ok) return parsed;
  try {
    const output = String(
      templateEngine(escaping).renderSync(parsed.template, vars, {
        renderLimit: options.timeoutMs ?? TEMPLATE_LIMITS.renderMs,
      }),
    );
    if (output.length > TEMPLATE_LIMITS.outputChars)
      return limitError(
        `the rendered text is longer than ${TEMPLATE_LIMITS.outputChars.toLocaleString('en')} characters`,
        options.field,
      );
    return { ok: true, output };
  } catch (thrown) {
    return { ok: false, error: toTemplateError(thrown, 'render', options.field) };
  }
}
