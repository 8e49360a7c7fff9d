import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { shiftScenario } from "@/lib/scenarios/shift";

describe("shiftScenario", () => {
  it("moves every timestamp by the same amount and keeps Go's zero time", () => {
    const s = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
    const to = new Date("2026-11-22T12:00:00Z");
    const shifted = shiftScenario(s, to);
    const delta = to.getTime() - Date.parse(s.now);
    expect(shifted.now).toBe(to.toISOString());
    const before = s.kubernetes.replicasets[0]!.metadata as unknown as { creationTimestamp: string };
    const after = shifted.kubernetes.replicasets[0]!.metadata as unknown as { creationTimestamp: string };
    expect(Date.parse(after.creationTimestamp) - Date.parse(before.creationTimestamp)).toBe(delta);
    expect(Date.parse(shifted.alertmanager.alerts[0]!.startsAt) - Date.parse(s.alertmanager.alerts[0]!.startsAt)).toBe(delta);
    expect(shifted.alertmanager.alerts[0]!.endsAt).toBe("0001-01-01T00:00:00Z");
    expect(shifted.metrics[0]!.values[0]![0] - s.metrics[0]!.values[0]![0]).toBe(delta / 1000);
    expect(Date.parse(shifted.changes[0]!.at) - Date.parse(s.changes[0]!.at)).toBe(delta);
    expect(shifted.logs).toEqual(s.logs);
  });
});
