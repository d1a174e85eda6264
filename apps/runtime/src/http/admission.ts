import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { counter, gauge } from '../metrics.js';
import type { AppEnv } from './context.js';
import { followEventLoop } from './loadLimit.js';
import { HttpProblem, problemBody } from './problem.js';

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

/** What the early check asks of the server about a raw request, only when it is near a bound. */
export interface EarlyQuestions {
  isUpload(req: IncomingMessage): boolean;
  /** The workspace of the request's API key if it was verified lately (no database read). */
  workspaceOf(req: IncomingMessage): string | undefined;
}

export interface AdmissionLimits {
  /** Units of work in flight in this process, all workspaces together (a function: it may follow load). */
  process: number | (() => number);
  /** Units of work in flight for one workspace (by its API key), so one tenant cannot take them all. */
  workspace: number;
}

/** What a request costs: 1, plus one per BYTES_PER_UNIT of body it declares (never more than `cap`). */
export function requestUnits(c: Context, cap: number): number {
  return unitsOf(c.req.header('content-length'), cap);
}

function unitsOf(contentLength: string | undefined, cap: number): number {
  const length = Number(contentLength ?? 0);
  return Math.min(cap, 1 + Math.floor((Number.isFinite(length) ? length : 0) / BYTES_PER_UNIT));
}

const capacityDetail = (scope: 'process' | 'workspace', inFlight: number) =>
  `${scope === 'process' ? 'The API is' : "This workspace's requests are"} at capacity (${inFlight} units of work in flight); retry in ${SHED_RETRY_AFTER_SECONDS} s`;

const UNAVAILABLE = 'Service Unavailable';
const RETRY_AFTER = { 'retry-after': String(SHED_RETRY_AFTER_SECONDS) };

function atCapacity(scope: 'process' | 'workspace', inFlight: number): HttpProblem {
  shed.inc({ scope });
  return new HttpProblem(503, UNAVAILABLE, capacityDetail(scope, inFlight), undefined, RETRY_AFTER);
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
  const processLimit = typeof limits.process === 'number' ? () => limits.process as number : limits.process;

  const processGate: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (exempt(c.req.path)) return next();
    const limit = processLimit();
    const units = requestUnits(c, limit);
    if (processUnits + units > limit) throw atCapacity('process', processUnits);
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

  /**
   * The process check on the raw Node request, before the request is parsed into a web Request or
   * reaches any middleware: under overload most requests are refused, and refusing must cost far
   * less than serving, or the refusals alone starve the requests admitted (the Hono adaptor's
   * Request and AbortSignal were ~40 % of the API's CPU in the overload bench). The unread body is
   * drained by Node, so the connection stays open for the client's retry. True when it answered.
   */
  const refuseEarly = (req: IncomingMessage, res: ServerResponse, ask: EarlyQuestions): boolean => {
    const path = req.url ?? '/';
    const limit = processLimit();
    const units = unitsOf(req.headers['content-length'], limit);
    let scope: 'process' | 'workspace' = 'process';
    let inFlight = processUnits;
    if (processUnits + units <= limit) {
      // No workspace can be past its bound while the whole process is within it: skip the key.
      if (processUnits + units <= limits.workspace) return false;
      const workspace = ask.workspaceOf(req);
      inFlight = workspace === undefined ? 0 : (workspaceUnits.get(workspace) ?? 0);
      if (inFlight + Math.min(units, limits.workspace) <= limits.workspace) return false;
      scope = 'workspace';
    }
    if (exempt(path) || ask.isUpload(req)) return false;
    shed.inc({ scope });
    res.writeHead(503, { 'content-type': 'application/problem+json', ...RETRY_AFTER });
    const problem = { status: 503, title: UNAVAILABLE, message: capacityDetail(scope, inFlight) } as const;
    res.end(JSON.stringify(problemBody(problem, path.split('?')[0]!)));
    return true;
  };

  return {
    process: processGate,
    workspace: workspaceGate,
    refuseEarly,
    /** Units in flight now, in the process and per workspace (tests, metrics). */
    inFlight: () => ({ process: processUnits, workspaces: Object.fromEntries(workspaceUnits) }),
  };
}

export type Admission = ReturnType<typeof createAdmission>;

/** Paths under admission control: the API and the public tracking links; probes, metrics, docs and the editor never wait. */
const ADMITTED = /^\/(v1|t|u)\//;

/**
 * The API's admission: MAX_IN_FLIGHT per process (lowered while the event loop runs more than
 * ADMISSION_LAG_MS late, when `followLoad`), MAX_IN_FLIGHT_PER_WORKSPACE per workspace. The server passes `followLoad`; tests
 * that call the app directly keep the fixed bound.
 */
export function createApiAdmission(
  config: Pick<Config, 'MAX_IN_FLIGHT' | 'MAX_IN_FLIGHT_PER_WORKSPACE' | 'ADMISSION_LAG_MS'>,
  followLoad = false,
): Admission & { stop(): void } {
  const max = config.MAX_IN_FLIGHT;
  const limit =
    followLoad && config.ADMISSION_LAG_MS > 0
      ? followEventLoop({ max, min: Math.min(max, 4), targetLagMs: config.ADMISSION_LAG_MS })
      : undefined;
  const admission = createAdmission(
    { process: limit?.current ?? max, workspace: config.MAX_IN_FLIGHT_PER_WORKSPACE },
    (path) => !ADMITTED.test(path),
  );
  return { ...admission, stop: () => limit?.stop() };
}
