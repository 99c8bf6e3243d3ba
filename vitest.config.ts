import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests run the built command on whole corpus folders and
    // compile the output; the 2-core CI machine needs more than the default 5 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
