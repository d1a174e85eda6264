import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'runtime',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['src/testing/globalSetup.ts'],
    // Hang guards, not speed limits: a busy machine (two cores shared with other jobs) is slow, not wrong.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
