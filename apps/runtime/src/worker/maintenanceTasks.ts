import type { Config } from '../config.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { runRetention } from '../operate/retention.js';
import { TASKS } from '../queue/jobs.js';

/**
 * Graphile Worker's crontab: one job per tick across every worker process (its `known_crontabs`
 * decide who runs it). Retention hourly: weeks are created four weeks ahead, so a run missed for
 * hours changes nothing; drops happen in the first hour after a week passes the cutoff.
 */
export const MAINTENANCE_CRONTAB = `0 * * * * ${TASKS.retention} ?max=1&jobKey=retention`;

/** The maintenance tasks the crontab queues. */
export function maintenanceTasks(sql: Sql, config: Config, logger: Logger) {
  return {
    [TASKS.retention]: async () => {
      await runRetention(sql, logger, { retentionDays: config.RETENTION_DAYS });
    },
  };
}
