import type { Graph, Problem } from '@crossroads/graph-schema';
import { type SchemaRegistry, sendNode, templateFields, templateRefs } from '@crossroads/nodes';
import {
  checkTemplate,
  describeTemplateError,
  renderTemplate,
  type TemplateError,
} from '../channels/index.js';

/** A template problem: a graph Problem plus where in the template it is. */
export interface TemplateProblem extends Problem {
  line?: number;
  column?: number;
}

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
 * Template problems of every node in a graph whose type declares Liquid fields (send,
 * sales-handoff, pack nodes alike), with paths like `nodes[3].config.html`. The authoring API adds
 * these to checkGraph's problems. Parsed in the render threads, all together: a big template
 * takes long enough to parse that it must not hold the event loop.
 */
export async function templateProblems(
  graph: Pick<Graph, 'nodes'>,
  registry: SchemaRegistry,
): Promise<TemplateProblem[]> {
  const refs = templateRefs(graph, registry);
  const checks = await Promise.all(
    refs.map(({ source, escape: escaping, field }) => checkTemplate(source, field, escaping)),
  );
  return checks.flatMap((check, i) =>
    check.ok ? [] : [toProblem(check.error, refs[i]!.path, refs[i]!.nodeId)],
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

/** Renders the given templates exactly as a send would (same sandbox, escaping, limits and threads). */
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
  const rendered: Record<string, string> = {};
  const problems: TemplateProblem[] = [];
  // Asked for together, the fields go to a render thread as one batch.
  const fields = templateFields(sendNode, input.template).map(({ path, source, escape: escaping }) => {
    const field = path.join('.');
    return { field, result: renderTemplate(source, vars, { escape: escaping, field }) };
  });
  for (const { field, result: pending } of fields) {
    const result = await pending;
    if (result.ok) rendered[field] = result.output;
    else problems.push(toProblem(result.error, `template.${field}`));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rendered };
}
