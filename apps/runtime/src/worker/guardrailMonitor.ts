import {
  type Crossing,
  crossingOf,
  type GuardrailSettings,
  tripGuardrail,
} from '../authoring/journeyGuardrails.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { guardrailFigures } from '../operate/experiments/guardrailFigures.js';

interface Watched {
  workflowId: string;
  workspaceId: string;
  activeVersion: number;
  rolloutVersion: number | null;
  rolloutPercent: string;
  maxUnsubscribeRate: string | null;
  maxFailureRate: string | null;
  maxComplaintRate: string | null;
  minSample: number;
}

const num = (value: string | null) => (value === null ? null : Number(value));

/**
 * One pass of the guardrail monitor over every live journey with guardrails: a version under
 * rollout that crosses a threshold goes back to 0%; a live version that does pauses the journey.
 * Returns what it did. The worker runs it every ~20 s, so a crossing acts within a minute.
 */
export async function checkJourneyGuardrails(sql: Sql, logger: Logger): Promise<Crossing[]> {
  const watched = await sql<Watched[]>`
    select w.id as workflow_id, w.workspace_id, w.active_version, w.rollout_version, w.rollout_percent,
           g.max_unsubscribe_rate, g.max_failure_rate, g.max_complaint_rate, g.min_sample
    from journey_guardrails g join workflows w on w.id = g.workflow_id
    where w.status = 'active' and w.active_version is not null and w.archived_at is null`;
  const acted: Crossing[] = [];
  for (const journey of watched) {
    const settings: GuardrailSettings = {
      maxUnsubscribeRate: num(journey.maxUnsubscribeRate),
      maxFailureRate: num(journey.maxFailureRate),
      maxComplaintRate: num(journey.maxComplaintRate),
      minSample: journey.minSample,
    };
    const rollout =
      journey.rolloutVersion !== null && Number(journey.rolloutPercent) > 0 ? journey.rolloutVersion : null;
    const versions = rollout === null ? [journey.activeVersion] : [journey.activeVersion, rollout];
    const figures = await guardrailFigures(sql, journey.workspaceId, journey.workflowId, versions);
    for (const figure of figures) {
      const crossing = crossingOf(figure, settings);
      if (!crossing) continue;
      const kind = figure.version === rollout ? 'rollout' : 'live';
      if (await tripGuardrail(sql, journey.workspaceId, journey.workflowId, crossing, kind)) {
        logger.warn({ workflowId: journey.workflowId, ...crossing, kind }, 'guardrail tripped');
        acted.push(crossing);
      }
      // A paused journey has nothing more to stop.
      if (kind === 'live') break;
    }
  }
  return acted;
}

/** Runs `checkJourneyGuardrails` at most every `everyMs` from the worker's sweep. */
export function guardrailMonitor(sql: Sql, logger: Logger, everyMs = 20_000) {
  let last = 0;
  return async () => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    await checkJourneyGuardrails(sql, logger).catch((error) =>
      logger.warn({ err: error }, 'guardrail check failed'),
    );
  };
}
