import { defineProject } from 'vitest/config';

// Hang guards, not speed limits: a busy machine (two cores shared with other jobs) is slow, not wrong.
const HANG_GUARDS = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineProject({
  test: { name: 'graph-schema', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...HANG_GUARDS },
});
