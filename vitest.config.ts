import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite and headless Chromium are memory-hungry: keep the worker count modest on 2 cores.
    maxWorkers: 2,
    allowOnly: false,
    passWithNoTests: false,
  },
});
