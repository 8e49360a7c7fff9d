import { describe, expect, it } from "vitest";
import { formatDuration, runDurationMs, runPhase } from "@/lib/incidents/run-view";

const run = {
  status: "succeeded" as const,
  latencyMs: null,
  startedAt: "2026-11-22T07:00:00.000Z",
  finishedAt: "2026-11-22T07:00:01.250Z",
  rca: {},
};

describe("run view", () => {
  it("maps statuses to the panel's states", () => {
    expect(runPhase(null)).toBe("none");
    expect(runPhase({ ...run, status: "queued" })).toBe("pending");
    expect(runPhase({ ...run, status: "running" })).toBe("pending");
    expect(runPhase({ ...run, status: "failed" })).toBe("failed");
    expect(runPhase(run)).toBe("done");
    expect(runPhase({ ...run, rca: null })).toBe("unreadable");
  });

  it("prefers the recorded latency, else start to finish", () => {
    expect(runDurationMs({ ...run, latencyMs: 127 })).toBe(127);
    expect(runDurationMs(run)).toBe(1250);
    expect(runDurationMs({ ...run, finishedAt: null })).toBeNull();
  });

  it("formats durations for people", () => {
    expect(formatDuration(85)).toBe("85 ms");
    expect(formatDuration(1250)).toBe("1.3 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });
});
