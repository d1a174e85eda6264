import type { Registry } from '@crossroads/nodes';
import type { z } from 'zod';
import type { Sql } from '../db/connect.js';
import { runScheduled } from '../ingest/scheduledRun.js';
import { seedSegmentClocks } from '../ingest/segmentClocks.js';
import type { Logger } from '../logger.js';
import { enrolAlreadyIn } from '../operate/alreadyInSegment.js';
import { ScheduledRunPayload, TASKS, VersionJobPayload } from '../queue/jobs.js';

type Parse = <T>(task: string, schema: z.ZodType<T>, payload: unknown) => T | undefined;

/**
 * The jobs of a version going live that starts on a segment (authoring/lifecycle.ts queues them),
 * and the runs of one that starts on a schedule (planned by the worker's sweep).
 */
export function segmentTasks(sql: Sql, registry: Registry, logger: Logger, parse: Parse) {
  return {
    [TASKS.enrolAlreadyIn]: async (payload: unknown) => {
      const job = parse(TASKS.enrolAlreadyIn, VersionJobPayload, payload);
      if (!job) return;
      const done = await enrolAlreadyIn(sql, registry, job.workspaceId, job.workflowId, job.version);
      logger.info({ ...job, ...done }, 'enrolled the contacts already in the segment');
    },
    [TASKS.seedSegmentClocks]: async (payload: unknown) => {
      const job = parse(TASKS.seedSegmentClocks, VersionJobPayload, payload);
      if (!job) return;
      const clocks = await seedSegmentClocks(sql, registry, job.workspaceId, job.workflowId, job.version);
      logger.info({ ...job, clocks }, 'started the segment clocks');
    },
    [TASKS.scheduledRun]: async (payload: unknown) => {
      const job = parse(TASKS.scheduledRun, ScheduledRunPayload, payload);
      if (!job) return;
      const outcome = await runScheduled(sql, registry, job);
      logger.info({ ...job, ...outcome }, 'scheduled run');
    },
  };
}
