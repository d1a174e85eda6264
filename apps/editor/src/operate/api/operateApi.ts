import type { JourneyGuardrailSettings, SimulateRequest, TestCaseInput } from '@crossroads/api';
import * as routes from '@crossroads/api';
import { type ApiClientOptions, createTransport } from '../../api/client.js';

export type { SimulateRequest };

/**
 * Typed client for the routes the operate views use (versions, audit, stats, simulation, contacts,
 * mailbox), typed from @crossroads/api like the editor's `createApiClient`: relative `/v1`, bearer
 * key, problem+json errors as `ApiError`. Listing methods take a ready query string.
 *
 * @example
 * const api = createOperateApi({ apiKey });
 * const { items } = await api.versions(workflowId);
 */
export function createOperateApi(options: ApiClientOptions) {
  const { raw, call } = createTransport(options);
  const wf = (id: string) => ({ params: { id } });
  const contact = (id: string) => ({ params: { id } });
  return {
    /** Fetches any API path with the key (for downloads such as the audit CSV). */
    raw,
    workflow: (id: string) => call(routes.getWorkflow, wf(id)),
    /** Every journey, archived ones too (auditors still read them). */
    workflows: () => call(routes.listWorkflows, { query: { archived: 'include' } }),
    versions: (id: string) => call(routes.listVersions, wf(id)),
    version: (id: string, n: number) => call(routes.getVersion, { params: { id, version: n } }),
    diff: (id: string, from: number | 'draft', to: number | 'draft') =>
      call(routes.diffVersions, { ...wf(id), query: { from, to } }),
    activate: (id: string, version: number, reason?: string, enrolExisting?: boolean) =>
      call(routes.activateVersion, {
        ...wf(id),
        body: { version, ...(reason ? { reason } : {}), ...(enrolExisting && { enrolExisting }) },
      }),
    /** The segments a version starts on and how many contacts are in them now. */
    alreadyInSegment: (id: string, version: number) =>
      call(routes.alreadyInSegment, { params: { id, version } }),
    pause: (id: string, reason?: string) =>
      call(routes.pauseWorkflow, { ...wf(id), body: reason ? { reason } : {} }),
    audit: (query: string) => call(routes.queryAudit, { query }),
    /** Recomputes the workspace's audit hash chain. */
    verifyAudit: () => call(routes.verifyAudit),
    /** The contacts that entered a version, a page at a time. */
    versionContacts: (id: string, n: number, cursor?: string | null) =>
      call(routes.versionContacts, {
        params: { id, version: n },
        query: { limit: 25, ...(cursor ? { cursor } : {}) },
      }),
    stats: (id: string, version?: number) =>
      call(routes.workflowStats, { ...wf(id), query: version ? { version } : {} }),
    insights: (id: string, hours = 48) => call(routes.workflowInsights, { ...wf(id), query: { hours } }),
    /** What sales made of the journey's handoffs, per version and segment. */
    salesOutcomes: (id: string) => call(routes.salesOutcomes, wf(id)),
    scheduledRuns: (id: string) => call(routes.listScheduledRuns, wf(id)),
    simulate: (id: string, request: SimulateRequest) =>
      call(routes.simulateWorkflow, { ...wf(id), body: request }),
    testCases: (id: string) => call(routes.listTestCases, wf(id)),
    saveTestCase: (id: string, tc: TestCaseInput) => call(routes.createTestCase, { ...wf(id), body: tc }),
    deleteTestCase: (id: string, caseId: string) => call(routes.deleteTestCase, { params: { id, caseId } }),
    runTestCases: (id: string, version?: number) =>
      call(routes.runTestCases, { ...wf(id), body: version ? { version } : {} }),
    contact: (id: string) => call(routes.getContact, contact(id)),
    trace: (id: string) => call(routes.contactTrace, { ...contact(id), query: { limit: 1000 } }),
    engagement: (id: string) => call(routes.contactEngagement, { params: { contactId: id } }),
    suppressions: (contactId: string) => call(routes.listSuppressions, { query: { contactId } }),
    erase: (id: string) => call(routes.eraseContact, contact(id)),
    retryEnrollment: (id: string) => call(routes.retryEnrollment, { params: { id } }),
    messages: (query = '') => call(routes.listMessages, { query }),
    /** Sends an ambiguous or failed email again (publishers; audited). */
    resendMessage: (id: string) => call(routes.resendMessage, { params: { id } }),
    handoffs: (query = '') => call(routes.listHandoffs, { query }),
    /** Each side of a rollout with its figures and lift against the control group. */
    rollout: (id: string) => call(routes.getRollout, wf(id)),
    setRollout: (id: string, version: number, percent: number, reason: string) =>
      call(routes.setRollout, { ...wf(id), body: { version, percent, reason } }),
    setControlGroup: (id: string, percent: number, reason: string) =>
      call(routes.setControlGroup, { ...wf(id), body: { percent, reason } }),
    /** The split steps of a version (default: the live one) with each arm's conversion. */
    experiments: (id: string, version?: number) =>
      call(routes.getExperiments, { ...wf(id), query: version ? { version: String(version) } : {} }),
    declareWinner: (id: string, nodeId: string, arm: string, message: string) =>
      call(routes.declareWinner, { params: { id, nodeId }, body: { arm, message } }),
    guardrails: (id: string) => call(routes.getJourneyGuardrails, wf(id)),
    setGuardrails: (id: string, settings: JourneyGuardrailSettings) =>
      call(routes.setJourneyGuardrails, { ...wf(id), body: settings }),
    preview: (
      template: { subject?: string; html?: string; text?: string },
      contact: Record<string, unknown>,
    ) => call(routes.previewTemplate, { body: { template, contact } }),
  };
}

export type OperateApi = ReturnType<typeof createOperateApi>;
