import { describe, expect, it } from "vitest";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";

describe("scenario loader", () => {
  it("loads every public scenario", () => {
    const scenarios = loadScenarios(publicScenariosDir);
    expect(scenarios.length).toBeGreaterThanOrEqual(12);
    for (const s of scenarios) {
      expect(s.alertmanager.alerts.length).toBeGreaterThan(0);
      expect(s.expected?.evidence.length).toBeGreaterThan(0);
    }
  });
});
