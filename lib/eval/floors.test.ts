import { describe, expect, it } from "vitest";
import { brokenFloors, parseFloors } from "@/lib/eval/floors";

const set = (rootCauseAccuracy: number, unsafe: number, rate: number) => ({
  name: "generated (seed 1, 2000)",
  summary: { rootCauseAccuracy, remediationAccuracy: 0.95, evidenceRecall: 0.9, unsafe },
  confidentlyWrong: { threshold: 0.7, count: Math.round(rate * 2000), rate },
});

describe("eval floors", () => {
  it("parses comma-separated and repeated floors", () => {
    expect(parseFloors(["rootCause=0.9,unsafe=0", "confidentlyWrong=0.03"])).toEqual({ rootCause: 0.9, unsafe: 0, confidentlyWrong: 0.03 });
  });

  it("refuses an unknown measure or a value that is not a number", () => {
    expect(() => parseFloors(["accuracy=0.9"])).toThrow(/unknown measure "accuracy"/);
    expect(() => parseFloors(["unsafe="])).toThrow(/not a number/);
  });

  it("names each floor a set breaks, minimums and maximums alike", () => {
    const floors = { rootCause: 0.9, unsafe: 0, confidentlyWrong: 0.03 };
    expect(brokenFloors(set(0.95, 0, 0.01), floors)).toEqual([]);
    expect(brokenFloors(set(0.85, 2, 0.04), floors)).toEqual([
      "generated (seed 1, 2000): rootCause 0.85 is below the floor 0.9",
      "generated (seed 1, 2000): unsafe 2 is above the floor 0",
      "generated (seed 1, 2000): confidentlyWrong 0.04 is above the floor 0.03",
    ]);
  });
});
