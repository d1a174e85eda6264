import { z } from 'zod';
import { type JobSpec, TASKS } from '../queue/jobs.js';
import { ExitRuleChangesPayload, ingestExitRuleChanges } from './exitRuleChanges.js';
import { type ImportDeps, runImport } from './runImport.js';
import { ingestSegmentEntries, SegmentEntriesPayload } from './segmentEntries.js';

const ImportPayload = z.object({ importId: z.uuid() });

/** The job that imports a stored file; one per import (its job key). */
export const importJob = (importId: string): JobSpec => ({
  task: TASKS.importContacts,
  payload: { importId },
  jobKey: `import:${importId}`,
});

/**
 * The worker's tasks for imports (worker/worker.ts adds them to its task list). A payload that
 * does not parse was queued by other code: it is dropped, as the worker drops any such job.
 */
export function importTasks(deps: ImportDeps): Record<string, (payload: unknown) => Promise<void>> {
  const parse = <T>(task: string, schema: z.ZodType<T>, payload: unknown): T | undefined => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) deps.logger.error({ task, payload }, 'dropping a malformed job');
    return parsed.success ? parsed.data : undefined;
  };
  return {
    [TASKS.importContacts]: async (payload) => {
      const parsed = parse(TASKS.importContacts, ImportPayload, payload);
      if (parsed) await runImport(deps, parsed.importId);
    },
    [TASKS.importSegmentEntries]: async (payload) => {
      const parsed = parse(TASKS.importSegmentEntries, SegmentEntriesPayload, payload);
      if (parsed) await ingestSegmentEntries(deps.sql, deps.registry, parsed);
    },
    [TASKS.importExitRuleChanges]: async (payload) => {
      const parsed = parse(TASKS.importExitRuleChanges, ExitRuleChangesPayload, payload);
      if (parsed) await ingestExitRuleChanges(deps.sql, deps.registry, parsed);
    },
  };
}
