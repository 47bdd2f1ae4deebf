import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'hardware/**/*.test.ts', 'forms/**/*.test.ts', 'bench/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    // Native modules (SQLite, PC/SC, serial) are safest in child processes, not worker threads.
    pool: 'forks',
    // A budget per test on a loaded 2-core machine, never a performance assertion.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: process.env.KIOSK_VITEST_REPORT ?? 'test-reports/vitest.json' }]],
  },
});
