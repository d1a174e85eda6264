import type { Context, MiddlewareHandler } from 'hono';
import { counter, gauge } from '../metrics.js';
import type { AppEnv } from './context.js';
import { HttpProblem } from './problem.js';

const shed = counter({
  name: 'crossroads_http_shed_total',
  help: 'Requests refused with 503 because the API was at capacity, by scope (process or workspace)',
  labelNames: ['scope'],
});

const inFlightUnits = gauge({
  name: 'crossroads_http_in_flight_units',
  help: 'Units of work the API has in flight (admission control counts them; 1 per request plus 1 per 16 KiB of body)',
});

/** Seconds a shed client is asked to wait: short, capacity frees as soon as requests finish. */
export const SHED_RETRY_AFTER_SECONDS = 1;

/** Bytes of request body that count as one more unit of work (a batch of 1,000 events is ~10). */
export const BYTES_PER_UNIT = 16 * 1024;

export interface AdmissionLimits {
  /** Units of work in flight in this process, all workspaces together. */
  process: number;
  /** Units of work in flight for one workspace (by its API key), so one tenant cannot take them all. */
  workspace: number;
}

/** What a request costs: 1, plus one per BYTES_PER_UNIT of body it declares (never more than `cap`). */
export function requestUnits(c: Context, cap: number): number {
  const length = Number(c.req.header('content-length') ?? 0);
  return Math.min(cap, 1 + Math.floor((Number.isFinite(length) ? length : 0) / BYTES_PER_UNIT));
}

function atCapacity(scope: 'process' | 'workspace', inFlight: number): HttpProblem {
  shed.inc({ scope });
  const whose = scope === 'process' ? 'The API is' : "This workspace's requests are";
  return new HttpProblem(
    503,
    'Service Unavailable',
    `${whose} at capacity (${inFlight} units of work in flight); retry in ${SHED_RETRY_AFTER_SECONDS} s`,
    undefined,
    { 'retry-after': String(SHED_RETRY_AFTER_SECONDS) },
  );
}

/**
 * Admission control: the API bounds the work it has in flight, per process and per workspace, and
 * refuses more at once (503 problem+json, Retry-After) instead of queueing without bound, so the
 * requests it accepts keep their latency (with 1,024 clients and no bound, p50 was 5.5 s). A
 * request counts until its handler has finished, even when the deadline answered first, because
 * its work goes on. Probes and metrics are never refused (`exempt`). The process check runs before
 * anything else is read; the workspace check right after the API key is known.
 *
 * @example
 * const admission = createAdmission({ process: 48, workspace: 32 });
 * app.use('*', admission.process);
 * v1.use('*', authenticate, admission.workspace);
 */
export function createAdmission(limits: AdmissionLimits, exempt: (path: string) => boolean = () => false) {
  let processUnits = 0;
  const workspaceUnits = new Map<string, number>();

  const processGate: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (exempt(c.req.path)) return next();
    const units = requestUnits(c, limits.process);
    if (processUnits + units > limits.process) throw atCapacity('process', processUnits);
    processUnits += units;
    inFlightUnits.set(processUnits);
    try {
      await next();
    } finally {
      processUnits -= units;
      inFlightUnits.set(processUnits);
    }
  };

  const workspaceGate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const workspace = c.var.auth.workspaceId;
    const units = requestUnits(c, limits.workspace);
    const now = workspaceUnits.get(workspace) ?? 0;
    if (now + units > limits.workspace) throw atCapacity('workspace', now);
    workspaceUnits.set(workspace, now + units);
    try {
      await next();
    } finally {
      const left = (workspaceUnits.get(workspace) ?? units) - units;
      if (left > 0) workspaceUnits.set(workspace, left);
      else workspaceUnits.delete(workspace);
    }
  };

  return {
    process: processGate,
    workspace: workspaceGate,
    /** Units in flight now, in the process and per workspace (tests, metrics). */
    inFlight: () => ({ process: processUnits, workspaces: Object.fromEntries(workspaceUnits) }),
  };
}
