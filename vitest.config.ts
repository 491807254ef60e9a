import { defineConfig } from 'vitest/config';

// Two projects: `unit` (parsers, discovery, fixture trees: fast, no privileges) and `lab`
// (the collector against real containers started by e2e/lab; needs root and the runtimes).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts'],
          exclude: ['**/*.lab.test.ts', 'node_modules/**'],
          // Not a timing assertion: a guard against a hang. Some unit tests spawn real programs
          // (libseccomp, gzip, a served port) and took 3.5 s here under load, over the 5 s default
          // on a slower CI machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['e2e/agent/**/*.lab.test.ts', 'e2e/remote/**/*.lab.test.ts'],
          globalSetup: ['e2e/agent/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
