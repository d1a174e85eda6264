// The reduced reliability battery, part of `pnpm test` (the full one: `pnpm test:chaos`). Each
// scenario starts its own durable Postgres, receivers and runtime processes; see docs/reliability.md.
import { describe, expect, it } from 'vitest';
import { CI } from './scenario.js';
import { CI_SCENARIOS, SCENARIOS } from './scenarios/index.js';

describe('reliability battery (reduced for CI)', () => {
  for (const key of CI_SCENARIOS) {
    const scenario = SCENARIOS[key]!;
    // A hang guard only: a scenario waits for what it tests (a busy machine makes it slower, not wrong).
    it(key, { timeout: 300_000 }, async () => {
      const result = await scenario(CI);
      expect(
        result.failures,
        result.figures.map(([label, value]) => `${label}: ${value}`).join('\n'),
      ).toEqual([]);
    });
  }
});
