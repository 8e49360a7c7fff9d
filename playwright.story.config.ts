// The demo story: Chromium plays the whole loop against `npm run demo` (its production build,
// embedded database, live demo cluster). `npm test` runs it as an end-to-end test;
// `npm run demo:record` runs it with RECORD=1, keeping a video and a screenshot per step.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { STORY } from "./e2e/story/config";

const record = Boolean(process.env.RECORD);

export default defineConfig({
  ...base,
  testDir: "e2e/story",
  testIgnore: [],
  outputDir: "test-results/story",
  timeout: 240_000,
  expect: { timeout: 20_000 },
  use: {
    ...base.use,
    baseURL: STORY.baseURL,
    video: record ? { mode: "on", size: { width: 1280, height: 800 } } : "off",
    viewport: { width: 1280, height: 800 },
  },
  webServer: {
    // Ephemeral and embedded, whatever DATABASE_URL says: the story starts from nothing, as a newcomer does.
    command: `npx tsx --conditions=react-server scripts/demo.ts --ephemeral --port ${STORY.port} --alert-for 5 --no-first-fault`,
    env: { ...process.env, DATABASE_URL: "", VIGIL_ADMIN_EMAIL: "", VIGIL_ADMIN_PASSWORD: "", VIGIL_WEBHOOK_TOKEN: "" } as Record<
      string,
      string
    >,
    url: `${STORY.baseURL}/api/readyz`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
