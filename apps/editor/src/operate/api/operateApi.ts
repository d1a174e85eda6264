import type { Graph } from '@crossroads/graph-schema';
import { ApiError } from '../../api/client.js';
import type { ProblemDetails, WorkflowSummary } from '../../api/types.js';
import type {
  AuditEntry,
  ContactDetail,
  DiffResponse,
  HandoffEntry,
  MessageEntry,
  OperateVersion,
  SimulatedEvent,
  SimulationResult,
  Suppression,
  TestCase,
  TestCaseResult,
  TraceStep,
  WorkflowInsights,
  WorkflowStats,
} from './types.js';

export interface SimulateRequest {
  contact: Record<string, unknown>;
  events: SimulatedEvent[];
  version?: number;
  graph?: Graph;
  start?: string;
}

/**
 * Typed client for the routes the operate views use (versions, audit, stats, simulation, contacts,
 * mailbox). Same conventions as the editor's `createApiClient`: relative `/v1`, bearer key,
 * problem+json errors as `ApiError`.
 *
 * @example
 * const api = createOperateApi({ apiKey });
 * const { items } = await api.versions(workflowId);
 */
export function createOperateApi({
  apiKey,
  baseUrl = '/v1',
  fetch: doFetch = (...args: Parameters<typeof fetch>) => fetch(...args),
}: {
  apiKey: string;
  baseUrl?: string;
  fetch?: typeof fetch;
}) {
  const headers = { authorization: `Bearer ${apiKey}` };
  async function raw(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await doFetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...headers,
        accept: 'application/json, application/problem+json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) {
      const text = await res.text();
      let problem: ProblemDetails = { title: res.statusText || `HTTP ${res.status}`, status: res.status };
      try {
        const json = JSON.parse(text) as ProblemDetails;
        if (json && typeof json === 'object' && 'title' in json) problem = json;
      } catch {
        problem.detail = text.slice(0, 200);
      }
      throw new ApiError(res.status, problem);
    }
    return res;
  }
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await raw(method, path, body)).json() as Promise<T>;
  const wf = (id: string) => `/workflows/${encodeURIComponent(id)}`;
  const contact = (id: string) => `/contacts/${encodeURIComponent(id)}`;
  return {
    /** Fetches any API path with the key (for downloads such as the audit CSV). */
    raw,
    workflow: (id: string) => json<WorkflowSummary & { draft: Graph }>('GET', wf(id)),
    workflows: () => json<{ items: WorkflowSummary[] }>('GET', '/workflows'),
    versions: (id: string) => json<{ items: OperateVersion[] }>('GET', `${wf(id)}/versions`),
    version: (id: string, n: number) =>
      json<OperateVersion & { graph: Graph }>('GET', `${wf(id)}/versions/${n}`),
    diff: (id: string, from: number | 'draft', to: number | 'draft') =>
      json<DiffResponse>('GET', `${wf(id)}/diff?from=${from}&to=${to}`),
    activate: (id: string, version: number, reason?: string) =>
      json<WorkflowSummary>('POST', `${wf(id)}/activate`, { version, ...(reason ? { reason } : {}) }),
    pause: (id: string, reason?: string) =>
      json<WorkflowSummary>('POST', `${wf(id)}/pause`, reason ? { reason } : {}),
    audit: (query: string) =>
      json<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/audit?${query}`),
    stats: (id: string, version?: number) =>
      json<WorkflowStats>('GET', `${wf(id)}/stats${version ? `?version=${version}` : ''}`),
    insights: (id: string, hours = 48) => json<WorkflowInsights>('GET', `${wf(id)}/insights?hours=${hours}`),
    simulate: (id: string, request: SimulateRequest) =>
      json<SimulationResult>('POST', `${wf(id)}/simulate`, request),
    testCases: (id: string) => json<{ items: TestCase[] }>('GET', `${wf(id)}/test-cases`),
    saveTestCase: (id: string, tc: Omit<TestCase, 'id' | 'createdBy' | 'createdAt'>) =>
      json<TestCase>('POST', `${wf(id)}/test-cases`, tc),
    deleteTestCase: (id: string, caseId: string) =>
      json<unknown>('DELETE', `${wf(id)}/test-cases/${encodeURIComponent(caseId)}`),
    runTestCases: (id: string, version?: number) =>
      json<{ passed: boolean; results: TestCaseResult[] }>(
        'POST',
        `${wf(id)}/test-cases/run`,
        version ? { version } : {},
      ),
    overrideTests: (id: string, reason: string, failed: string[]) =>
      json<unknown>('POST', `${wf(id)}/test-cases/override`, { reason, failed }),
    contact: (id: string) => json<ContactDetail>('GET', contact(id)),
    trace: (id: string) =>
      json<{ items: TraceStep[]; next: string | null }>('GET', `${contact(id)}/trace?limit=1000`),
    engagement: (id: string) => json<Record<string, unknown>>('GET', `${contact(id)}/engagement`),
    suppressions: (contactId: string) =>
      json<{ items: Suppression[] }>('GET', `/suppressions?contactId=${encodeURIComponent(contactId)}`),
    erase: (id: string) => json<{ erased: boolean; counts: Record<string, number> }>('DELETE', contact(id)),
    messages: (query = '') =>
      json<{ items: MessageEntry[]; next: string | null }>('GET', `/messages?${query}`),
    /** Sends an ambiguous or failed email again (publishers; audited). */
    resendMessage: (id: string) => json<{ id: string; state: string }>('POST', `/messages/${id}/resend`),
    handoffs: (query = '') =>
      json<{ items: HandoffEntry[]; next: string | null }>('GET', `/handoffs?${query}`),
    preview: (
      template: { subject?: string; html?: string; text?: string },
      contact: Record<string, unknown>,
    ) =>
      json<{ subject?: string; html?: string; text?: string }>('POST', '/templates/preview', {
        template,
        contact,
      }),
  };
}

export type OperateApi = ReturnType<typeof createOperateApi>;
