// Reads scenario files, with errors that name the file and the field.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { scenarioSchema, type Scenario } from "@/lib/scenarios/schema";
import { describeIssues } from "@/lib/validation";

export const publicScenariosDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "fixtures");

/** A scenario file that could not be used, and why (the error names the file and the field). */
export type InvalidScenario = { file: string; error: string };

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`${file}: cannot read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: not a valid scenario: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Every `*.json` in `dir`, in name order: the valid scenarios, and each file that is not one.
 * The eval scores the rest of a set and names the broken files instead of stopping at the first. */
export function loadScenarioDir(dir: string): { scenarios: Scenario[]; invalid: InvalidScenario[] } {
  const scenarios: Scenario[] = [];
  const invalid: InvalidScenario[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const name of files) {
    const file = path.join(dir, name);
    try {
      scenarios.push(loadScenario(file));
    } catch (err) {
      invalid.push({ file, error: (err as Error).message.replace(`${file}: `, "") });
    }
  }
  return { scenarios, invalid };
}

/** Every scenario in `dir`, or an error naming each file that is not valid (for fixtures and tests). */
export function loadScenarios(dir: string): Scenario[] {
  const { scenarios, invalid } = loadScenarioDir(dir);
  if (invalid.length) throw new Error(invalid.map((i) => `${i.file}: ${i.error}`).join("\n"));
  return scenarios;
}
