import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Integration suites start real engines and clusters; their waits are real seconds.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The Docker and Kubernetes suites share one engine / one cluster: run files one at a time
    // so their containers and pods do not fight for two cores.
    fileParallelism: false,
  },
});
