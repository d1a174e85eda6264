import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'graph-schema', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
