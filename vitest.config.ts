import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const alias = {
  "@": root,
  // `server-only` throws outside React Server Components; tests run domain code directly.
  "server-only": path.join(root, "lib/testing/server-only-stub.ts"),
};

export default defineConfig({
  test: {
    // Keep test output readable; tests that care about logs capture them explicitly.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "components/**/*.test.ts",
            "app/**/*.test.ts",
            "bench/**/*.test.ts",
            "k8s/**/*.test.ts",
            "terraform/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.integration.test.ts", "app/**/*.integration.test.ts", "scripts/**/*.integration.test.ts"],
          // Tests of several processes on one database (two servers, the container image's
          // migrator) need a real PostgreSQL: the embedded one serves a single process.
          // The signals test starts `npm run demo` with its own embedded database whichever the
          // step: once is enough.
          exclude:
            process.env.VIGIL_TEST_DB === "embedded"
              ? ["**/*.postgres.integration.test.ts", "scripts/signals.integration.test.ts", "node_modules/**"]
              : ["node_modules/**"],
          environment: "node",
          globalSetup: ["lib/testing/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // The embedded database runs one query at a time: keep files from contending.
          fileParallelism: false,
        },
      },
    ],
  },
});
