import type { ProblemDetails, RouteContract, RouteRequest, SuccessBody } from '@crossroads/api';
import * as routes from '@crossroads/api';
import type { Graph, Problem } from '@crossroads/graph-schema';

/** An error body as the client hands it on: the server's problem+json, or one made from a bare error. */
export type ErrorBody = Partial<ProblemDetails> & { title: string; status: number };

/** An HTTP error carrying the server's problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ErrorBody,
  ) {
    super(problem.detail ?? problem.title);
  }
  get problems(): Problem[] {
    return (this.problem.problems ?? []) as Problem[];
  }
}

export interface ApiClientOptions {
  apiKey: string;
  /** Relative by default so the app works wherever the runtime serves it. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

type Inputs<R extends RouteContract> = RouteRequest<R>;

/** What a call sends: path parameters, query (an object or a ready query string) and body, per the route. */
export type CallInput<R extends RouteContract> = (R['params'] extends object
  ? { params: Record<keyof Inputs<R>['params'], string | number> }
  : { params?: undefined }) & {
  query?: string | Partial<Record<keyof NonNullable<Inputs<R>['query']>, string | number | boolean>>;
  body?: Inputs<R>['body'];
};

function queryString(query: CallInput<RouteContract>['query']): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query ? `?${query}` : '';
  const entries = Object.entries(query).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}

/**
 * The transport both clients share: the bearer key, JSON in and out, and problem+json errors as
 * `ApiError`. `call` is typed from the route's contract (@crossroads/api): parameters, query and
 * body in, the body of its successful answer out.
 *
 * @example
 * const { call } = createTransport({ apiKey });
 * const workflow = await call(routes.getWorkflow, { params: { id } });
 */
export function createTransport({
  apiKey,
  baseUrl = '/v1',
  fetch: doFetch = (...args: Parameters<typeof fetch>) => fetch(...args),
}: ApiClientOptions) {
  /** Any API path (under baseUrl) with the key, e.g. for downloads such as the audit CSV. */
  async function raw(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await doFetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        accept: 'application/json, application/problem+json',
        ...(body instanceof Blob
          ? { 'content-type': body.type || 'application/octet-stream' }
          : body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
      },
      // A Blob (a file picked for an import) goes as it is; the browser streams it.
      ...(body instanceof Blob ? { body } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) {
      const text = await res.text();
      let problem: ErrorBody = {
        title: res.statusText || `HTTP ${res.status}`,
        status: res.status,
        detail: text.slice(0, 200),
      };
      try {
        const json = JSON.parse(text) as ErrorBody;
        if (json && typeof json === 'object' && 'title' in json) problem = json;
      } catch {}
      throw new ApiError(res.status, problem);
    }
    return res;
  }

  async function call<R extends RouteContract>(route: R, input?: CallInput<R>): Promise<SuccessBody<R>> {
    const path = routes.pathOf(route.path.replace(/^\/v1/, ''), input?.params) + queryString(input?.query);
    const res = await raw(route.method.toUpperCase(), path, input?.body);
    const text = await res.text();
    try {
      return (text ? JSON.parse(text) : null) as SuccessBody<R>;
    } catch {
      return null as SuccessBody<R>;
    }
  }

  return { raw, call };
}

/**
 * Typed client for the runtime's HTTP API (one method per route the editor uses).
 *
 * @example
 * const api = createApiClient({ apiKey });
 * const { items } = await api.listWorkflows();
 */
export function createApiClient(options: ApiClientOptions) {
  const { call, raw } = createTransport(options);
  return {
    me: () => call(routes.me),
    listWorkflows: () => call(routes.listWorkflows),
    createWorkflow: (name: string, graph: Graph) => call(routes.createWorkflow, { body: { name, graph } }),
    rename: (id: string, name: string) => call(routes.renameWorkflow, { params: { id }, body: { name } }),
    getWorkflow: (id: string) => call(routes.getWorkflow, { params: { id } }),
    /** `session` names the tab (merges never conflict with its own saves); `keep` settles a 409's conflicts. */
    saveDraft: (
      id: string,
      graph: Graph,
      baseRevision: number,
      options: { session?: string; keep?: Record<string, 'theirs' | 'mine'> } = {},
    ) => call(routes.saveDraft, { params: { id }, body: { graph, baseRevision, ...options } }),
    /** This tab has the draft open: who else does, the current revision, changes of ours replaced. */
    heartbeat: (id: string, body: { session: string; revision: number; editing?: string[] }) =>
      call(routes.heartbeatPresence, { params: { id }, body }),
    leaveDraft: (id: string, session: string) => call(routes.leavePresence, { params: { id, session } }),
    validate: (id: string) => call(routes.validateWorkflow, { params: { id } }),
    /** Publishes the draft; `activate` makes it live in the same step; `override` publishes over failing test cases. */
    publish: (
      id: string,
      message: string,
      options: { activate?: boolean; enrolExisting?: boolean; override?: { reason: string } } = {},
    ) => call(routes.publishVersion, { params: { id }, body: { message, ...options } }),
    /** How many contacts are already in the segment the draft starts on (before "Publish and go live"). */
    draftAlreadyInSegment: (id: string) => call(routes.draftAlreadyInSegment, { params: { id } }),
    activate: (id: string, version: number, reason?: string) =>
      call(routes.activateVersion, { params: { id }, body: { version, ...(reason ? { reason } : {}) } }),
    listVersions: (id: string) => call(routes.listVersions, { params: { id } }),
    getVersion: (id: string, version: number) => call(routes.getVersion, { params: { id, version } }),
    /** A scheduled trigger's next runs and how many contacts are in its segment now. */
    previewSchedule: (id: string, body: routes.SchedulePreviewRequest) =>
      call(routes.schedulePreview, { params: { id }, body }),
    nodeTypes: () => call(routes.listNodeTypes),
    segments: () => call(routes.listSegments),
    createSegment: (body: { name: string; description?: string; rule: unknown }) =>
      call(routes.createSegment, { body }),
    updateSegment: (id: string, body: { name?: string; description?: string; rule?: unknown }) =>
      call(routes.updateSegment, { params: { id }, body }),
    deleteSegment: (id: string) => call(routes.deleteSegment, { params: { id } }),
    segmentUsage: (id: string) => call(routes.segmentUsage, { params: { id } }),
    /** Renders Liquid with the runtime's engine against its sample contact. */
    previewTemplate: (template: { subject?: string; html?: string; text?: string }) =>
      call(routes.previewTemplate, { body: { template } }),
    /** Attribute and event property names seen in the workspace, as `var` paths. */
    dataDictionary: () => call(routes.dataDictionary),
    createImport: (body: routes.ImportSettingsInput) => call(routes.createImport, { body }),
    getImport: (id: string) => call(routes.getImport, { params: { id } }),
    /** Sends an import's file to its upload URL (streamed by the browser). */
    uploadImportFile: (uploadUrl: string, file: Blob) => raw('PUT', uploadUrl.replace(/^\/v1/, ''), file),
    journeyPriority: (id: string) => call(routes.getJourneyPriority, { params: { id } }),
    setJourneyPriority: (id: string, body: routes.SetJourneyPriority) =>
      call(routes.setJourneyPriority, { params: { id }, body }),
    /** Journeys by exclusive group and priority, with the contacts pairs of them shared (30 days). */
    journeyPriorities: () => call(routes.listJourneyPriorities),
    setGroupOrder: (body: routes.SetGroupOrder) => call(routes.setGroupOrder, { body }),
    /** The report of an import's rejected rows (CSV). */
    importReport: (reportUrl: string) => raw('GET', reportUrl.replace(/^\/v1/, '')),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
