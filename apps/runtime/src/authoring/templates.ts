import type { Graph, Problem } from '@crossroads/graph-schema';
import {
  describeTemplateError,
  parseTemplate,
  renderTemplate,
  type TemplateError,
  type TemplateEscape,
} from '../channels/index.js';

/** A template problem: a graph Problem plus where in the template it is. */
export interface TemplateProblem extends Problem {
  line?: number;
  column?: number;
}

/** Template fields of the built-in nodes that render Liquid, and how each is escaped. */
const TEMPLATE_FIELDS: Record<string, Record<string, TemplateEscape>> = {
  send: { subject: 'none', html: 'html', text: 'none' },
  'sales-handoff': { note: 'none' },
};

const position = (error: TemplateError) =>
  error.line !== undefined ? { line: error.line, column: error.column ?? 0 } : {};

function toProblem(error: TemplateError, path: string, nodeId?: string): TemplateProblem {
  const problem: TemplateProblem = {
    code: `template.${error.code}`,
    severity: 'error',
    path,
    message: describeTemplateError({ code: error.code, message: error.message, ...position(error) }),
  };
  if (nodeId !== undefined) problem.nodeId = nodeId;
  if (error.line !== undefined) problem.line = error.line;
  if (error.column !== undefined) problem.column = error.column;
  return problem;
}

/**
 * Parses a send node's templates (subject, html, text) in the sandbox: one problem per broken
 * field, naming the node, the field, the line and the column. For draft save and publish.
 *
 * @example
 * ```ts
 * validateSendTemplates({ subject: 'Hi {{ contact.name' }, { nodeId: 'welcome', path: 'nodes[2].config' });
 * // [{ code: 'template.syntax', path: 'nodes[2].config.subject', nodeId: 'welcome', line: 1, column: 4, ... }]
 * ```
 */
export function validateSendTemplates(
  config: Record<string, unknown>,
  where: { nodeId?: string; path?: string; nodeType?: string } = {},
): TemplateProblem[] {
  const fields = TEMPLATE_FIELDS[where.nodeType ?? 'send'] ?? {};
  const problems: TemplateProblem[] = [];
  for (const [field, escaping] of Object.entries(fields)) {
    const source = config[field];
    if (typeof source !== 'string') continue;
    const path = where.path ? `${where.path}.${field}` : field;
    const parsed = parseTemplate(source, field, escaping);
    if (!parsed.ok) problems.push(toProblem(parsed.error, path, where.nodeId));
  }
  return problems;
}

/**
 * Template problems of every node in a graph whose type renders Liquid (send, sales-handoff),
 * with paths like `nodes[3].config.html`. The authoring API adds these to checkGraph's problems.
 */
export function templateProblems(graph: Pick<Graph, 'nodes'>): TemplateProblem[] {
  return graph.nodes.flatMap((node, i) =>
    TEMPLATE_FIELDS[node.type]
      ? validateSendTemplates(node.config, {
          nodeId: node.id,
          nodeType: node.type,
          path: `nodes[${i}].config`,
        })
      : [],
  );
}

/** The contact a preview uses when none is given. */
export const SAMPLE_CONTACT = {
  id: 'sample-contact',
  email: 'ann.example@example.com',
  first_name: 'Ann',
  last_name: 'Example',
  company: { name: 'Acme Inc.', size: 120 },
  plan: 'trial',
  lead_score: 72,
  timezone: 'Europe/Berlin',
};

export interface PreviewInput {
  template: { subject?: string; html?: string; text?: string };
  contact: Record<string, unknown>;
  event: { type: string; properties: Record<string, unknown>; timestamp: string } | null;
}

export type PreviewResult =
  | { ok: true; rendered: { subject?: string; html?: string; text?: string } }
  | { ok: false; problems: TemplateProblem[] };

/** Renders the given templates exactly as a send would (same sandbox, escaping and limits). */
export async function previewTemplates(input: PreviewInput): Promise<PreviewResult> {
  const vars = {
    contact: input.contact,
    event: input.event,
    journey: {
      workflowId: 'preview',
      version: 0,
      enrollmentId: 'preview',
      enteredAt: new Date().toISOString(),
    },
  };
  const fields = Object.entries(TEMPLATE_FIELDS.send ?? {}) as Array<
    ['subject' | 'html' | 'text', TemplateEscape]
  >;
  const rendered: { subject?: string; html?: string; text?: string } = {};
  const problems: TemplateProblem[] = [];
  for (const [field, escaping] of fields) {
    const source = input.template[field];
    if (source === undefined) continue;
    const result = await renderTemplate(source, vars, { escape: escaping, field });
    if (result.ok) rendered[field] = result.output;
    else problems.push(toProblem(result.error, `template.${field}`));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rendered };
}
