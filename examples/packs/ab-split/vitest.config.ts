import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'pack-ab-split', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
