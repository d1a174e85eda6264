import { TEMPLATE_LIMITS, type TemplateEscape, templateEngine } from './engine.js';
import { parseTemplate } from './parse-template.js';
import { type TemplateError, toTemplateError } from './template-error.js';

/** One template to render with its data: what a render thread is given. */
export interface RenderJob {
  source: string;
  vars: Record<string, unknown>;
  /** `html` escapes every output value (use `| raw` to opt out); `none` for subjects and text. */
  escape?: TemplateEscape;
  /** Field name reported in errors, e.g. `html`. */
  field?: string;
  /** The cooperative time limit in ms (checked between tags); default TEMPLATE_LIMITS.renderMs. */
  timeoutMs?: number;
  /** Only parse (a save-time check): the result is `{ ok: true, output: '' }` or the parse error. */
  parseOnly?: boolean;
}

export type RenderResult = { ok: true; output: string } | { ok: false; error: TemplateError };

/** A `limit` error for a field. */
export function limitError(message: string, field?: string): RenderResult {
  return { ok: false, error: { code: 'limit', message, ...(field !== undefined && { field }) } };
}

/**
 * Renders one template on the calling thread, in the sandbox: own properties only, no file
 * access, unknown filters refused, liquidjs' time and memory limits, and the output size capped.
 * Only render threads call this (render-thread.ts): a single filter chain can run for seconds,
 * which liquidjs cannot interrupt, so the event loop never runs it (see render-pool.ts).
 */
export async function renderHere(job: RenderJob): Promise<RenderResult> {
  const escaping = job.escape ?? 'none';
  const parsed = parseTemplate(job.source, job.field, escaping);
  if (!parsed.ok) return parsed;
  if (job.parseOnly) return { ok: true, output: '' };
  try {
    const output = String(
      await templateEngine(escaping).render(parsed.template, job.vars, {
        renderLimit: job.timeoutMs ?? TEMPLATE_LIMITS.renderMs,
      }),
    );
    if (output.length > TEMPLATE_LIMITS.outputChars)
      return limitError(
        `the rendered text is longer than ${TEMPLATE_LIMITS.outputChars.toLocaleString('en')} characters`,
        job.field,
      );
    return { ok: true, output };
  } catch (thrown) {
    return { ok: false, error: toTemplateError(thrown, 'render', job.field) };
  }
}
