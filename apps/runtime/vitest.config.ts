import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'runtime',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['src/testing/globalSetup.ts'],
    // Hang guards, not speed limits: a busy machine (two cores shared with other jobs) is slow, not wrong.
    testTimeout: 60_000,
    // The fuzz (test/chaos) measures the process' RSS growth after global.gc(), as `pnpm test:chaos`
    // does: without it the figure counted garbage not yet collected (417 MiB once, 124–196 collected).
    execArgv: ['--expose-gc'],
    hookTimeout: 120_000,
  },
});
