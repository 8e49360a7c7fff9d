// Verdicts: the cold start, the σ floor, the severity thresholds on |z|, and the stricter
// rule for error counts (a flood, not a trickle).
import { describe, expect, it } from "vitest";
import { COLD_START } from "@/lib/anomaly/config";
import { judge, raise, severityOf, sigmaFloor } from "@/lib/anomaly/score";
import { emptyWindow, push } from "@/lib/anomaly/window";

function windowOf(values: number[]) {
  const w = emptyWindow();
  for (const v of values) push(w, v);
  return w;
}

// Mean 100, sample σ exactly 10: alternating 90 and 110 around 100 (n even, plus two 100s).
const noisy = () => windowOf([...Array.from({ length: 98 }, (_, i) => (i % 2 ? 110 : 90)), 100, 100]);

describe("judge", () => {
  it("gives no verdict until the window holds the cold-start count", () => {
    expect(judge(windowOf(Array.from({ length: COLD_START - 1 }, () => 5)), 5000, "metric")).toBeNull();
    expect(judge(windowOf(Array.from({ length: COLD_START }, () => 5)), 5000, "metric")?.severity).toBe("critical");
  });

  it("maps |z| to medium ≥ 2.5, high ≥ 3, critical ≥ 4, in both directions", () => {
    const w = noisy();
    const sd = judge(w, 100, "metric")!.sd;
    expect(sd).toBeCloseTo(Math.sqrt((98 * 100) / 99), 9);
    const at = (z: number) => judge(w, 100 + z * sd, "metric")!;
    expect(at(2.49).severity).toBeNull();
    expect(at(2.5).severity).toBe("medium");
    expect(at(2.99).severity).toBe("medium");
    expect(at(3).severity).toBe("high");
    expect(at(3.99).severity).toBe("high");
    expect(at(4).severity).toBe("critical");
    expect(at(-4.5)).toMatchObject({ severity: "critical" });
    expect(at(-4.5).z).toBeCloseTo(-4.5, 9);
  });

  it("floors σ at 1% of the mean for a flat series, and at ε around zero", () => {
    const flat = windowOf(Array.from({ length: 50 }, () => 200));
    expect(judge(flat, 200, "metric")).toMatchObject({ z: 0, sd: 2, severity: null });
    expect(judge(flat, 204, "metric")).toMatchObject({ z: 2, severity: null });
    expect(judge(flat, 210, "metric")).toMatchObject({ z: 5, severity: "critical" });
    const zeros = windowOf(Array.from({ length: 50 }, () => 0));
    expect(judge(zeros, 0, "metric")).toMatchObject({ z: 0, severity: null });
    expect(Number.isFinite(judge(zeros, 1, "metric")!.z)).toBe(true);
    expect(sigmaFloor(0, "metric")).toBeGreaterThan(0);
  });

  it("calls an error count a flood only when it is many errors and many times the usual", () => {
    const silence = windowOf(Array.from({ length: 30 }, () => 0));
    expect(judge(silence, 3, "log_errors")).toMatchObject({ z: 3, severity: null });
    expect(judge(silence, 9, "log_errors")!.severity).toBeNull();
    expect(judge(silence, 40, "log_errors")!.severity).toBe("critical");
    // A steady trickle of about 20 a minute: 30 is not a flood, 80 is.
    const trickle = windowOf(Array.from({ length: 60 }, (_, i) => 18 + (i % 5)));
    expect(judge(trickle, 30, "log_errors")!.severity).toBeNull();
    expect(judge(trickle, 80, "log_errors")!.severity).toBe("critical");
    // Fewer errors than usual is not an error spike.
    expect(judge(trickle, 0, "log_errors")!.severity).toBeNull();
  });
});

describe("severity", () => {
  it("has no level below 2.5 and is raised one level by a deploy", () => {
    expect(severityOf(2.4)).toBeNull();
    expect(raise("medium")).toBe("high");
    expect(raise("high")).toBe("critical");
    expect(raise("critical")).toBe("critical");
  });
});
