// Runs the remote-host lab test on its own (until the lab project includes e2e/remote/):
//   npx vitest run -c e2e/remote/vitest.remote.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['e2e/remote/**/*.lab.test.ts'], testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false, root: new URL('../..', import.meta.url).pathname },
});
