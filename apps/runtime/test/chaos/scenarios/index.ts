import type { Scale, ScenarioResult } from '../scenario.js';
import { channelOutage } from './channelOutage.js';
import { connectionResets } from './connectionResets.js';
import { fuzzRoutesScenario } from './fuzzRoutes.js';
import { fuzzWrites } from './fuzzWrites.js';
import { hostilePacks } from './hostilePacks.js';
import { importUnderFaults } from './importUnderFaults.js';
import { permissionMatrix } from './permissionMatrix.js';
import { postgresRestart } from './postgresRestart.js';
import { scheduleUnderFaults } from './scheduleUnderFaults.js';
import { sigkillWorkers } from './sigkillWorkers.js';

/** Every scenario of the battery, in the order it runs (CHAOS_ONLY picks by key). */
export const SCENARIOS: Record<string, (scale: Scale) => Promise<ScenarioResult>> = {
  permissions: permissionMatrix,
  fuzz: fuzzWrites,
  routes: fuzzRoutesScenario,
  sigkill: sigkillWorkers,
  postgres: postgresRestart,
  outage: channelOutage,
  resets: connectionResets,
  import: importUnderFaults,
  schedule: scheduleUnderFaults,
  // Also in `pnpm test` as vitest tests (src/packs/*.test.ts); here at scale, next to the others.
  packs: hostilePacks,
};

/**
 * The scenarios `pnpm test` runs at CI scale (reduced: about a minute and a half). `routes` is
 * left out: the route tests run the same fuzz at CI size (src/http/routes/fuzz.test.ts).
 */
export const CI_SCENARIOS = ['permissions', 'fuzz', 'sigkill', 'postgres', 'outage', 'resets'] as const;
