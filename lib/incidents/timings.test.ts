import { describe, expect, it } from "vitest";
import { formatElapsed, incidentTimings } from "@/lib/incidents/timings";

const opened = "2026-11-22T03:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(opened) + minutes * 60_000).toISOString();
const base = { openedAt: opened, acknowledgedAt: null, firstRcaAt: null, mitigatedAt: null, resolvedAt: null, closedAt: null };

describe("formatElapsed", () => {
  it("reads as a stopwatch: whole units, rounded down", () => {
    expect(formatElapsed(0)).toBe("0 s");
    expect(formatElapsed(-5_000)).toBe("0 s");
    expect(formatElapsed(59_999)).toBe("59 s");
    expect(formatElapsed(60_000)).toBe("1 min");
    expect(formatElapsed(59 * 60_000 + 59_000)).toBe("59 min");
    expect(formatElapsed(3 * 3_600_000)).toBe("3 h");
    expect(formatElapsed(3 * 3_600_000 + 5 * 60_000)).toBe("3 h 5 min");
    expect(formatElapsed(48 * 3_600_000)).toBe("2 d");
    expect(formatElapsed(52 * 3_600_000 + 59 * 60_000)).toBe("2 d 4 h");
  });
});

describe("incidentTimings", () => {
  it("runs every clock 'so far' while nothing has happened", () => {
    const t = incidentTimings(base, Date.parse(at(12)));
    expect(t).toEqual({
      age: { kind: "running", ms: 12 * 60_000 },
      acknowledge: { kind: "running", ms: 12 * 60_000 },
      firstRca: { kind: "running", ms: 12 * 60_000 },
      mitigate: { kind: "running", ms: 12 * 60_000 },
      resolve: { kind: "running", ms: 12 * 60_000 },
    });
  });

  it("makes no guess on the server, which cannot know the viewer's clock", () => {
    expect(incidentTimings(base, null).acknowledge).toEqual({ kind: "running", ms: null });
    // What has happened is known without a clock.
    expect(incidentTimings({ ...base, acknowledgedAt: at(2) }, null).acknowledge).toEqual({ kind: "done", ms: 2 * 60_000 });
  });

  it("stops each clock when its moment comes: MTTA at acknowledgement, MTTR at resolution", () => {
    const t = incidentTimings({ ...base, acknowledgedAt: at(1), mitigatedAt: at(9), resolvedAt: at(15) }, Date.parse(at(60)));
    expect(t.acknowledge).toEqual({ kind: "done", ms: 60_000 });
    expect(t.mitigate).toEqual({ kind: "done", ms: 9 * 60_000 });
    expect(t.resolve).toEqual({ kind: "done", ms: 15 * 60_000 });
    expect(t.age).toEqual({ kind: "running", ms: 60 * 60_000 });
  });

  it("keeps Vigil's time to its first RCA apart from MTTA, which only a person's acknowledgement stops", () => {
    // Vigil concluded within seconds; nobody has acknowledged it yet: MTTA runs on.
    const concluded = incidentTimings({ ...base, firstRcaAt: at(0.5) }, Date.parse(at(7)));
    expect(concluded.firstRca).toEqual({ kind: "done", ms: 30_000 });
    expect(concluded.acknowledge).toEqual({ kind: "running", ms: 7 * 60_000 });
    // A person acknowledged before Vigil concluded: each clock keeps its own moment.
    const personFirst = incidentTimings({ ...base, acknowledgedAt: at(1), firstRcaAt: at(3) }, Date.parse(at(10)));
    expect(personFirst).toMatchObject({ acknowledge: { kind: "done", ms: 60_000 }, firstRca: { kind: "done", ms: 3 * 60_000 } });
  });

  it("says 'never' for what did not happen before the incident ended", () => {
    const resolvedAlone = incidentTimings({ ...base, acknowledgedAt: at(1), resolvedAt: at(5) }, Date.parse(at(30)));
    expect(resolvedAlone.mitigate).toEqual({ kind: "none" });
    expect(resolvedAlone.firstRca).toEqual({ kind: "none" });
    const closedUnresolved = incidentTimings({ ...base, closedAt: at(5) }, Date.parse(at(30)));
    expect(closedUnresolved).toMatchObject({
      acknowledge: { kind: "none" },
      firstRca: { kind: "none" },
      mitigate: { kind: "none" },
      resolve: { kind: "none" },
    });
  });
});
