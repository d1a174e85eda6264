import { findRoute, ROUTES, responseMismatch } from '@crossroads/api';
import type { Answer, FuzzReport, FuzzWorld, Operation, Send } from './operations.js';
import { asText, type Draft, encodeSegment } from './requests.js';

/** Sends one drawn request and judges its answer (a failure is recorded in the report). */
export async function sendDraft(
  send: Send,
  world: FuzzWorld,
  draft: Draft,
  report: FuzzReport,
): Promise<Answer | null> {
  const { op } = draft;
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(draft.params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(draft.query)) {
    if (value !== undefined) search.set(name, asText(value).replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
  const url = search.size > 0 ? `${path}?${search}` : path;
  const key = world.callers[draft.caller];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (draft.header !== undefined) headers['x-fuzz'] = draft.header;
  const body = draft.rawBody ?? (op.body && 'body' in draft ? JSON.stringify(draft.body) : undefined);
  const label = () =>
    `${op.method} ${url.slice(0, 160)} as ${draft.caller}${body !== undefined ? ` with ${body.slice(0, 200)}` : ''}`;
  report.requests++;
  let answer: Answer;
  try {
    answer = await send(op.method, url, headers, body);
  } catch (error) {
    report.failures.push(`${label()}: threw ${(error as Error).message.slice(0, 400)}`);
    return null;
  }
  report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
  const failure = judge(op, url, answer);
  if (failure) report.failures.push(`${label()}: ${failure}`);
  return answer;
}

/** Why an answer is wrong, or null. */
function judge(op: Operation, url: string, answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status} ${answer.text.slice(0, 200)}`;
  let body: unknown = answer.text;
  if (answer.contentType?.includes('json')) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${answer.status} with a body that is not JSON`;
    }
  }
  if (answer.status >= 400 && op.path.startsWith('/v1/')) {
    const detail = (body as { detail?: unknown } | null)?.detail;
    if (
      !answer.contentType?.startsWith('application/problem+json') ||
      typeof detail !== 'string' ||
      !detail.trim()
    )
      return `${answer.status} without a problem detail: ${answer.text.slice(0, 200)}`;
  }
  const route = findRoute(ROUTES, op.method, url.split('?')[0]!);
  const mismatch = responseMismatch(route, answer.status, answer.contentType, body);
  return mismatch ? `${answer.status} outside its contract: ${mismatch}` : null;
}
