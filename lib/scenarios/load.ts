// Reads scenario files, with errors that name the file and the field.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { scenarioSchema, type Scenario } from "@/lib/scenarios/schema";
import { describeIssues } from "@/lib/validation";

export const publicScenariosDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "fixtures");

export function loadScenario(file: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: not a valid scenario: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function loadScenarios(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => loadScenario(path.join(dir, f)));
}
