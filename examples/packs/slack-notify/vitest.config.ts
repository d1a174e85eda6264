import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'pack-slack-notify', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
