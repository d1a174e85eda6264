import type { Scale, ScenarioResult } from '../scenario.js';
import { sigkillWorkers } from './sigkillWorkers.js';

/** Every scenario of the battery, in the order it runs. */
export const SCENARIOS: Record<string, (scale: Scale) => Promise<ScenarioResult>> = {
  sigkill: sigkillWorkers,
};
