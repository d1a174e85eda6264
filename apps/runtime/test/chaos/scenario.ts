/** How big a battery run is: the full battery (`pnpm test:chaos`) or the reduced CI one. */
export interface Scale {
  name: 'full' | 'ci';
  contacts: number;
  /** Seconds over which trigger events are posted. */
  loadSeconds: number;
  killEveryMs: number;
  outageMs: number;
  refuseSeconds: number;
  /** Also fail the CRM (500s, then a stall): its retries start after 30 s, so CI leaves it out. */
  crmOutage: boolean;
  fuzzRuns: number;
  /** Random requests of the route fuzz (scenarios/fuzzRoutes.ts), after its sweep of every field. */
  routeFuzzRuns: number;
  /** A run that makes no progress for this long is over (its counts then tell what was lost). */
  stallMs: number;
}

/** CHAOS_OUTAGE_MS overrides how long Postgres stays down (to try a longer restart by hand). */
const outageOverride = Number(process.env.CHAOS_OUTAGE_MS) || undefined;

export const FULL: Scale = {
  name: 'full',
  contacts: 2000,
  loadSeconds: 20,
  killEveryMs: 4000,
  outageMs: outageOverride ?? 5000,
  refuseSeconds: 60,
  crmOutage: true,
  fuzzRuns: 300,
  routeFuzzRuns: 5000,
  stallMs: 45_000,
};

export const CI: Scale = {
  name: 'ci',
  contacts: 200,
  loadSeconds: 5,
  killEveryMs: 3000,
  outageMs: outageOverride ?? 2000,
  refuseSeconds: 5,
  crmOutage: false,
  fuzzRuns: 25,
  routeFuzzRuns: 500,
  // Deliveries that failed during an outage wait for the stranded-delivery sweep (10 s after their
  // walk, then a sweep every ~3 s): 15 s without progress was too close to a normal recovery.
  stallMs: 30_000,
};

/** One scenario's result: what it measured and which of its expectations failed. */
export interface ScenarioResult {
  name: string;
  /** What was done, one line. */
  ran: string;
  seconds: number;
  /** Label → value, in the order they were recorded (the report's table). */
  figures: Array<[string, string | number]>;
  failures: string[];
}

/**
 * Records figures and expectations for a scenario.
 *
 * @example
 * const r = new Recorder('SIGKILL workers', 'killed a worker every 4 s');
 * r.expect('lost enrollments', outcome.lost, (n) => n === 0, '0');
 */
export class Recorder {
  readonly result: ScenarioResult;
  private readonly started = performance.now();

  constructor(name: string, ran: string) {
    this.result = { name, ran, seconds: 0, figures: [], failures: [] };
  }

  figure(label: string, value: string | number): void {
    this.result.figures.push([label, value]);
  }

  /** Records the figure and a failure naming it when `ok(value)` is false. */
  expect<T extends string | number>(label: string, value: T, ok: (v: T) => boolean, expected: string): void {
    const pass = ok(value);
    this.result.figures.push([`${label} (expected ${expected})`, `${value}${pass ? '' : ' ✗'}`]);
    if (!pass) this.result.failures.push(`${this.result.name}: ${label} was ${value}, expected ${expected}`);
  }

  fail(message: string): void {
    this.result.failures.push(`${this.result.name}: ${message}`);
  }

  done(): ScenarioResult {
    this.result.seconds = (performance.now() - this.started) / 1000;
    return this.result;
  }
}
