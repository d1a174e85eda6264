import type { TestCaseInput } from '@crossroads/api';
import type { Registry, SimulatedEvent } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { simulateWorkflow } from './simulate.js';
import type { Actor } from './workflows.js';

export interface TestCase extends TestCaseInput {
  id: string;
  pinned: Record<string, string>;
  createdBy: string;
  createdAt: Date;
}

export interface TestCaseResult {
  id: string;
  name: string;
  passed: boolean;
  expectedEnd: string;
  /** The node the simulated journey ended (or stopped) on; null when it never enrolled. */
  actualEnd: string | null;
  outcome: string;
  error?: string;
}

const exists = async (sql: Sql, workspaceId: string, workflowId: string) =>
  (await sql`select 1 from workflows where id = ${workflowId} and workspace_id = ${workspaceId}`).length > 0;

/** Test cases of a workflow, oldest first; undefined when the workflow is not in the workspace. */
export async function listTestCases(sql: Sql, workspaceId: string, workflowId: string) {
  if (!(await exists(sql, workspaceId, workflowId))) return undefined;
  return sql<TestCase[]>`
    select id, name, contact, events, expected_end, pinned, created_by, created_at from workflow_test_cases
    where workspace_id = ${workspaceId} and workflow_id = ${workflowId} order by created_at, id`;
}

/** Saves a test case; undefined when the workflow is not in the workspace. */
export async function createTestCase(sql: Sql, actor: Actor, workflowId: string, input: TestCaseInput) {
  if (!(await exists(sql, actor.workspaceId, workflowId))) return undefined;
  const [row] = await sql<TestCase[]>`
    insert into workflow_test_cases (workspace_id, workflow_id, name, contact, events, expected_end, pinned,
                                     created_by)
    values (${actor.workspaceId}, ${workflowId}, ${input.name}, ${sql.json(input.contact as never)},
            ${sql.json(input.events as never)}, ${input.expectedEnd}, ${sql.json((input.pinned ?? {}) as never)},
            ${actor.name})
    returning id, name, contact, events, expected_end, pinned, created_by, created_at`;
  return row;
}

/** Deletes a test case; false when there was none. */
export async function deleteTestCase(sql: Sql, workspaceId: string, workflowId: string, id: string) {
  const rows = await sql`
    delete from workflow_test_cases
    where id = ${id} and workflow_id = ${workflowId} and workspace_id = ${workspaceId} returning id`;
  return rows.length > 0;
}

/**
 * Simulates every test case against the draft (or `version`) and compares where the journey ended
 * with the expected node. Nothing is written. Undefined when the workflow is not in the workspace.
 */
export async function runTestCases(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  version?: number,
): Promise<TestCaseResult[] | undefined> {
  const cases = await listTestCases(sql, workspaceId, workflowId);
  if (!cases) return undefined;
  const results: TestCaseResult[] = [];
  for (const tc of cases) {
    const outcome = await simulateWorkflow(sql, registry, workspaceId, workflowId, {
      contact: tc.contact,
      events: tc.events as SimulatedEvent[],
      pinned: tc.pinned,
      ...(version !== undefined && { version }),
      // A fixed start keeps runs comparable (time-of-day windows would otherwise drift).
      start: '2026-01-05T09:00:00.000Z',
    });
    const base = { id: tc.id, name: tc.name, expectedEnd: tc.expectedEnd };
    if (!outcome.ok) {
      const error = 'message' in outcome ? outcome.message : outcome.reason;
      results.push({ ...base, passed: false, actualEnd: null, outcome: 'error', error });
      continue;
    }
    const actualEnd = outcome.result.path.at(-1)?.nodeId ?? null;
    results.push({
      ...base,
      passed: actualEnd === tc.expectedEnd,
      actualEnd,
      outcome: outcome.result.outcome,
      ...(outcome.result.error && { error: outcome.result.error }),
    });
  }
  return results;
}

/** Records that someone published although test cases failed, and why (the publish itself is separate). */
export async function recordTestOverride(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  input: { reason: string; failed: string[] },
): Promise<boolean> {
  if (!(await exists(sql, actor.workspaceId, workflowId))) return false;
  await recordAudit(sql, {
    workspaceId: actor.workspaceId,
    actor: actor.name,
    action: 'test-cases.overridden',
    workflowId,
    subject: `${input.failed.length} failing`,
    details: { reason: input.reason, failed: input.failed },
  });
  return true;
}
