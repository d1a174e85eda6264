import type { ExecuteContext } from '../sdk/decision.js';

/**
 * A plain execute context for tests: a fixed clock, an empty contact, no segments. Override any part.
 *
 * @example
 * ```ts
 * executeWait(testContext(config, { now: new Date('2026-03-28T11:00:00Z') }));
 * ```
 */
export function testContext<Config>(
  config: Config,
  overrides: Partial<Omit<ExecuteContext<Config>, 'config'>> = {},
): ExecuteContext<Config> {
  return {
    config,
    contact: { id: 'contact-1' },
    event: null,
    journey: {
      workflowId: 'journey-1',
      version: 1,
      enrollmentId: 'enrollment-1',
      enteredAt: '2026-03-02T08:00:00.000Z',
      context: {},
    },
    now: new Date('2026-03-02T10:00:00.000Z'),
    segments: {},
    timezone: 'UTC',
    ...overrides,
  };
}
