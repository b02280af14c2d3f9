import { defineConfig } from 'vitest/config';

// Vitest 5's reporter uses Map.groupBy (Node 21+). This machine and CI run Node 20, where a failing
// test would otherwise crash the reporter instead of being reported. The polyfill follows the spec.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const k = key(item, index++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

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
