import { TEMPLATE_LIMITS, type TemplateEscape, templateEngine } from './engine.js';
import { parseTemplate } from './parse-template.js';
import { type TemplateError, toTemplateError } from './template-error.js';

export interface RenderTemplateOptions {
  /** `html` escapes every output value (use `| raw` to opt out); `none` for subjects and text. */
  escape?: TemplateEscape;
  /** Time limit for this render in milliseconds; defaults to TEMPLATE_LIMITS.renderMs. */
  timeoutMs?: number;
  /** Field name reported in errors, e.g. `html`. */
  field?: string;
}

export type RenderResult = { ok: true; output: string } | { ok: false; error: TemplateError };

/**
 * Renders a Liquid template against plain data (contact, event, journey) in the sandbox: own
 * properties only, no file access, unknown filters refused, and time and memory limits that end
 * runaway loops with a `limit` error instead of hanging the worker.
 *
 * @example
 * const result = await renderTemplate('<p>Hi {{ contact.firstName }}</p>', { contact: { firstName: '<Ann>' } }, { escape: 'html' });
 * // { ok: true, output: '<p>Hi &lt;Ann&gt;</p>' }
 */
export async function renderTemplate(
  source: string,
  vars: Record<string, unknown>,
  options: RenderTemplateOptions = {},
): Promise<RenderResult> {
  const escaping = options.escape ?? 'none';
  const parsed = parseTemplate(source, options.field, escaping);
  if (!parsed.ok) return parsed;
  try {
    const output: unknown = await templateEngine(escaping).render(parsed.template, vars, {
      renderLimit: options.timeoutMs ?? TEMPLATE_LIMITS.renderMs,
    });
    return { ok: true, output: String(output) };
  } catch (thrown) {
    return { ok: false, error: toTemplateError(thrown, 'render', options.field) };
  }
}

/**
 * `renderTemplate`, synchronously (liquidjs `renderSync`, same sandbox and limits): for values a
 * walk decides while it runs (update-contact), where later steps read the result.
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
  const escaping = options.escape ?? 'none';
  const parsed = parseTemplate(source, options.field, escaping);
  if (!parsed.ok) return parsed;
  try {
    const output: unknown = templateEngine(escaping).renderSync(parsed.template, vars, {
      renderLimit: options.timeoutMs ?? TEMPLATE_LIMITS.renderMs,
    });
    return { ok: true, output: String(output) };
  } catch (thrown) {
    return { ok: false, error: toTemplateError(thrown, 'render', options.field) };
  }
}
