// npm test — every test: unit, integration against a real PostgreSQL and against the
// embedded one, then the end-to-end suite (Chromium + a real Alertmanager) against the
// production build, and the demo story against `npm run demo`. Flags: --skip-e2e, --only unit|integration|e2e.
// A dependency missing locally skips its step with the reason; under CI=true it fails.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { parseArgs } from "./args";
import { startLocalPostgres, type LocalPostgres } from "./test/postgres";
import { runStep, type StepResult } from "./test/run-step";

const args = parseArgs(process.argv.slice(2));
const only = args.get("only");
const wants = (step: string) => !only || only === step;
const reports = path.resolve("test-results");
mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.resolve("node_modules", ".bin", name);
const results: StepResult[] = [];
const skipped: string[] = [];

function missing(what: string, reason: string) {
  if (env.CI) {
    console.error(`✗ ${what}: ${reason} (CI=true: missing dependencies fail the run)`);
    results.push({ name: what, passed: 0, failed: 1, skipped: 0, exitCode: 1 });
  } else {
    console.warn(`⚠ skipping ${what}: ${reason}`);
    skipped.push(`${what} (${reason})`);
  }
}

const vitest = (project: string, file: string) => [
  bin("vitest"),
  "run",
  "--project",
  project,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${file}`,
];

if (wants("unit")) {
  const file = path.join(reports, "unit.json");
  results.push(await runStep("unit", vitest("unit", file), {}, { kind: "vitest", file }));
}

let local: LocalPostgres | null = null;
let postgresUrl = env.DATABASE_URL;
if ((wants("integration") || wants("e2e")) && !postgresUrl) {
  local = await startLocalPostgres().catch((err: Error) => {
    console.warn(`could not start a local PostgreSQL: ${err.message}`);
    return null;
  });
  postgresUrl = local?.url;
  if (local) console.log(`Using a throwaway PostgreSQL at ${local.url}`);
}

try {
  if (wants("integration")) {
    if (postgresUrl) {
      const file = path.join(reports, "integration-postgres.json");
      results.push(
        await runStep(
          "integration (PostgreSQL)",
          vitest("integration", file),
          { VIGIL_TEST_DB: "postgres", DATABASE_URL: postgresUrl },
          { kind: "vitest", file },
        ),
      );
    } else {
      missing(
        "integration (PostgreSQL)",
        "DATABASE_URL is not set and no PostgreSQL server binaries were found (apt-get install postgresql)",
      );
    }
    const file = path.join(reports, "integration-embedded.json");
    results.push(
      await runStep(
        "integration (embedded PostgreSQL)",
        vitest("integration", file),
        { VIGIL_TEST_DB: "embedded", DATABASE_URL: "" },
        { kind: "vitest", file },
      ),
    );
  }

  if (wants("e2e") && !args.has("skip-e2e")) {
    if (!existsSync("/usr/bin/chromium")) {
      missing("end-to-end", "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)");
    } else {
      const file = path.join(reports, "e2e.json");
      results.push(
        await runStep(
          "end-to-end (Chromium, Alertmanager)",
          [bin("playwright"), "test", "--reporter=list,json"],
          { DATABASE_URL: postgresUrl ?? "", PLAYWRIGHT_JSON_OUTPUT_NAME: file },
          { kind: "playwright", file },
        ),
      );
      // The demo story: `npm run demo` from nothing (embedded database), played in Chromium.
      const story = path.join(reports, "story.json");
      results.push(
        await runStep(
          "demo story (Chromium, npm run demo)",
          [bin("playwright"), "test", "-c", "playwright.story.config.ts", "--reporter=list,json"],
          { PLAYWRIGHT_JSON_OUTPUT_NAME: story },
          { kind: "playwright", file: story },
        ),
      );
    }
  }
} finally {
  local?.stop();
}

const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
console.log("\n━━ summary ━━");
for (const r of results)
  console.log(`${r.failed ? "✗" : "✓"} ${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
for (const s of skipped) console.log(`⚠ not run: ${s}`);
console.log(`Tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 || results.some((r) => r.exitCode !== 0) ? 1 : 0);
