import type { Template } from 'liquidjs';
import { TEMPLATE_LIMITS, type TemplateEscape, templateEngine } from './engine.js';
import { type ParseResult, parseTemplate } from './parse-template.js';
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
  const parsed = parseCached(job.source, job.field, escaping);
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

/** Parsed templates kept per thread, by escaping and source, most recently used last. */
const parsedTemplates = new Map<string, Template[]>();
let cachedChars = 0;
/** A journey version's templates are the same for every contact: parsed once, not per email. */
const CACHE = { entries: 500, chars: 2_000_000 };

/**
 * parseTemplate, remembered: the templates of a journey version are the same for every contact
 * (issue 19: Liquid parsing was most of a render). Keyed by source and escaping, so every version
 * and field that shares a template shares its parse; a parsed template is only read when rendered.
 * Failures are not kept (their error names the field asked about).
 */
function parseCached(source: string, field: string | undefined, escaping: TemplateEscape): ParseResult {
  const key = `${escaping}\u0000${source}`;
  const hit = parsedTemplates.get(key);
  if (hit) {
    parsedTemplates.delete(key);
    parsedTemplates.set(key, hit);
    return { ok: true, template: hit };
  }
  const parsed = parseTemplate(source, field, escaping);
  if (!parsed.ok || source.length > CACHE.chars / 10) return parsed;
  parsedTemplates.set(key, parsed.template);
  cachedChars += key.length;
  for (const [old] of parsedTemplates) {
    if (parsedTemplates.size <= CACHE.entries && cachedChars <= CACHE.chars) break;
    parsedTemplates.delete(old);
    cachedChars -= old.length;
  }
  return parsed;
}
