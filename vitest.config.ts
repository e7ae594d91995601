import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["api/**/*.test.ts", "shared/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/harness/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The suites share one Dovecot and one SMTP sink; each test uses its own mail users.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
