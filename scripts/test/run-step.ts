// Runs one test step (a child process) and reads its pass/fail counts from the JSON
// report the runner writes, so `npm test` can print one closing "N passed, N failed".
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

export type StepResult = { name: string; passed: number; failed: number; skipped: number; exitCode: number };

type VitestJson = { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
type PlaywrightJson = { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };

export function runStep(
  name: string,
  command: string[],
  env: Record<string, string>,
  report: { kind: "vitest" | "playwright"; file: string },
): Promise<StepResult> {
  rmSync(report.file, { force: true });
  console.log(`\n━━ ${name} ━━`);
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => {
      const result: StepResult = { name, passed: 0, failed: 0, skipped: 0, exitCode: code ?? 1 };
      if (existsSync(report.file)) {
        const json = JSON.parse(readFileSync(report.file, "utf8")) as VitestJson & PlaywrightJson;
        if (report.kind === "vitest") {
          result.passed = json.numPassedTests;
          result.failed = json.numFailedTests;
          result.skipped = json.numPendingTests + json.numTodoTests;
        } else {
          result.passed = json.stats.expected + json.stats.flaky;
          result.failed = json.stats.unexpected;
          result.skipped = json.stats.skipped;
        }
      }
      // A runner that failed without reporting a failing test still fails the step.
      if (result.exitCode !== 0 && result.failed === 0) result.failed = 1;
      resolve(result);
    });
  });
}
