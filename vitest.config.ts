import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{nodes,sdk,db,runtime,editor}/src/**/*.test.ts', 'plugins/**/*.test.ts', 'scripts/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/behaviour/**/*.test.ts', 'test/crash/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
