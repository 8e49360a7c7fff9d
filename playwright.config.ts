// Playwright: Debian's Chromium against the production build of Vigil, started by e2e/server.ts.
import { defineConfig, devices } from "@playwright/test";
import { baseURL } from "./e2e/config";

export default defineConfig({
  testDir: "e2e",
  // The demo story runs against `npm run demo` instead: playwright.story.config.ts.
  testIgnore: "story/**",
  // A folder of its own: Playwright empties it at the start of a run, and `npm test` keeps
  // the other layers' reports in test-results/.
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // `npx playwright install` cannot download browsers here: use the system Chromium.
          executablePath: "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server e2e/server.ts",
    url: `${baseURL}/api/readyz`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    // The default is SIGKILL, which would leave the detached `next start` holding the port
    // and the e2e database behind: let e2e/server.ts stop both.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
