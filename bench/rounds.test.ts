import { describe, expect, it } from "vitest";
import { goalsMet, median, spread } from "./rounds";
import type { SideFigures } from "./stats";

const side = (name: string, alertsPerS: number, p99Ms: number): SideFigures =>
  ({ name, alertsPerS, paced: { offeredAlertsPerS: 1000, alertsPerS: 1000, p50Ms: 1, p99Ms, maxMs: p99Ms, errors: 0 } }) as SideFigures;

describe("rounds", () => {
  it("takes the median of odd and even counts, ignoring rounds without a figure", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it("prints the median with the lowest and highest round", () => {
    expect(spread([1014, 955, 1040])).toBe("1014 (955–1040)");
    expect(spread([0.531], 2)).toBe("0.53");
    expect(spread([NaN])).toBe("-");
  });

  it("judges each goal on its own, and the ratio only when both sides ran", () => {
    expect(goalsMet([side("vigil", 1200, 40), side("baseline", 1900, 20)])).toEqual({ alertsPerS: true, p99: true, ratio: true });
    expect(goalsMet([side("vigil", 990, 60), side("baseline", 1900, 20)])).toEqual({ alertsPerS: false, p99: false, ratio: false });
    expect(goalsMet([side("vigil", 1200, 40)]).ratio).toBeNull();
  });
});
