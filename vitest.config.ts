import { defineConfig } from 'vitest/config';

// One runner for the whole workspace: each package/app is a vitest project with its own config.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'examples/packs/*'],
  },
});
