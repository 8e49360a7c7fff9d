// The generated set for `--generate N --seed S`: scenarios from the generator, each checked
// against the scenario schema like a file would be, so a generator bug shows up as an invalid
// scenario named by its index instead of a silently mis-scored one.
import type { Scenario } from "@/lib/scenarios/schema";
import { scenarioSchema } from "@/lib/scenarios/schema";
import type { InvalidScenario } from "@/lib/scenarios/load";
import { describeIssues } from "@/lib/validation";
import type { EvalSet } from "@/lib/eval/sets";

export type GenerateScenarios = (options: { count: number; seed: number }) => Scenario[];

export const generatedSetName = (count: number, seed: number) => `generated (seed ${seed}, ${count})`;

/** `--seed`: a whole number (the generator's seeds are 32-bit), or `random` for one from the clock. */
export function parseSeed(value: string | true | undefined, now = Date.now()): number | undefined {
  if (value === "random") return now % 2 ** 32;
  const seed = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(seed) && seed < 2 ** 32 ? seed : undefined;
}

export async function generatedSet(
  count: number,
  seed: number,
  generate?: GenerateScenarios,
): Promise<{ set: EvalSet; invalid: InvalidScenario[]; ms: number }> {
  const started = performance.now();
  const raw = (generate ?? (await loadGenerator()))({ count, seed });
  const name = generatedSetName(count, seed);
  const scenarios: Scenario[] = [];
  const invalid: InvalidScenario[] = [];
  raw.forEach((scenario, i) => {
    const parsed = scenarioSchema.safeParse(scenario);
    if (parsed.success) scenarios.push(parsed.data);
    else
      invalid.push({ file: `${name} #${i} ${scenario?.id ?? ""}`.trim(), error: `not a valid scenario: ${describeIssues(parsed.error)}` });
  });
  return { set: { name, scenarios }, invalid, ms: performance.now() - started };
}

/** Imported only when a generated set is asked for: the generator is a large module. */
async function loadGenerator(): Promise<GenerateScenarios> {
  const { generateScenarios } = await import("@/lib/scenarios/generate");
  return generateScenarios;
}
