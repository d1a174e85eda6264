import type { Graph, Problem } from '@crossroads/graph-schema';
import type {
  ApiNodeType,
  Me,
  PackError,
  ProblemDetails,
  Segment,
  VersionDetail,
  VersionSummary,
  WorkflowDetail,
  WorkflowSummary,
} from './types.js';

/** An HTTP error carrying the server's problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
  ) {
    super(problem.detail ?? problem.title);
  }
  get problems(): Problem[] {
    return this.problem.problems ?? [];
  }
}

export interface ApiClientOptions {
  apiKey: string;
  /** Relative by default so the app works wherever the runtime serves it. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * Typed client for the runtime's HTTP API (one method per route the editor uses).
 *
 * @example
 * const api = createApiClient({ apiKey });
 * const { items } = await api.listWorkflows();
 */
export function createApiClient({ apiKey, baseUrl = '/v1', fetch: doFetch = fetch }: ApiClientOptions) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json, application/problem+json' },
    };
    if (body !== undefined) {
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const res = await doFetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const problem =
        json && typeof json === 'object' && 'title' in json
          ? (json as ProblemDetails)
          : { title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: text.slice(0, 200) };
      throw new ApiError(res.status, problem);
    }
    return json as T;
  }
  const wf = (id: string) => `/workflows/${encodeURIComponent(id)}`;
  return {
    me: () => request<Me>('GET', '/me'),
    listWorkflows: () => request<{ items: WorkflowSummary[] }>('GET', '/workflows'),
    createWorkflow: (name: string, graph: Graph) =>
      request<WorkflowSummary>('POST', '/workflows', { name, graph }),
    rename: (id: string, name: string) => request<WorkflowSummary>('PATCH', wf(id), { name }),
    getWorkflow: (id: string) => request<WorkflowDetail>('GET', wf(id)),
    saveDraft: (id: string, graph: Graph, baseRevision: number) =>
      request<{ draftRevision: number }>('PUT', `${wf(id)}/draft`, { graph, baseRevision }),
    validate: (id: string) => request<{ problems: Problem[] }>('POST', `${wf(id)}/validate`),
    publish: (id: string, message: string) =>
      request<VersionSummary>('POST', `${wf(id)}/versions`, { message }),
    listVersions: (id: string) => request<{ items: VersionSummary[] }>('GET', `${wf(id)}/versions`),
    getVersion: (id: string, version: number) =>
      request<VersionDetail>('GET', `${wf(id)}/versions/${version}`),
    nodeTypes: () => request<{ items: ApiNodeType[]; packErrors?: PackError[] }>('GET', '/node-types'),
    segments: () => request<{ items: Segment[] }>('GET', '/segments'),
    /** Renders Liquid with the runtime's engine against its sample contact. */
    previewTemplate: (template: { subject?: string; html?: string; text?: string }) =>
      request<{ subject?: string; html?: string; text?: string }>('POST', '/templates/preview', { template }),
    /** Attribute and event property names seen in the workspace, as `var` paths. */
    dataDictionary: () => request<{ paths: string[] }>('GET', '/data-dictionary'),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
