import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadScenarioDir, loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";

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

describe("scenario loader on a directory with broken files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "vigil-scenarios-"));
    copyFileSync(path.join(publicScenariosDir, "cart-image-tag-not-found.json"), path.join(dir, "b-good.json"));
    writeFileSync(path.join(dir, "a-truncated.json"), '{"format": 1, "id": ');
    writeFileSync(path.join(dir, "c-no-alerts.json"), JSON.stringify({ format: 1, id: "Not Kebab", title: "x" }));
    writeFileSync(path.join(dir, "notes.txt"), "not a scenario, not read");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns the valid scenarios and names each invalid file with its error", () => {
    const { scenarios, invalid } = loadScenarioDir(dir);
    expect(scenarios.map((s) => s.id)).toEqual(["cart-image-tag-not-found"]);
    expect(invalid.map((i) => path.basename(i.file))).toEqual(["a-truncated.json", "c-no-alerts.json"]);
    expect(invalid[0]!.error).toMatch(/^not valid JSON: /);
    // The error names the offending fields, and not the file a second time.
    expect(invalid[1]!.error).toMatch(/^not a valid scenario: id: .*alertmanager/);
    expect(invalid[1]!.error).not.toContain(dir);
  });

  it("loadScenarios refuses the directory, naming every broken file", () => {
    expect(() => loadScenarios(dir)).toThrow(/a-truncated\.json: not valid JSON[\s\S]*\n.*c-no-alerts\.json: not a valid scenario/);
  });
});
