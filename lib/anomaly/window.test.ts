// The rolling window's arithmetic: eviction after WINDOW samples, sums that match a direct
// computation, the drift recompute at each wrap, and the bytes stored in Postgres.
import { describe, expect, it } from "vitest";
import { WINDOW } from "@/lib/anomaly/config";
import { decodeRing, emptyWindow, encodeRing, push, windowMean, windowStddev, type Window } from "@/lib/anomaly/window";

/** Two-pass statistics around the first value (accurate for large values with a small spread). */
function direct(values: number[]) {
  const k = values[0]!;
  const mean = k + values.reduce((a, b) => a + (b - k), 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

function filled(values: number[]): Window {
  const w = emptyWindow();
  for (const v of values) push(w, v);
  return w;
}

describe("rolling window", () => {
  it("has the mean and sample standard deviation of what it holds", () => {
    const values = [3, 7, 7, 19, 4, 4, 12];
    const w = filled(values);
    expect(w.count).toBe(7);
    expect(windowMean(w)).toBeCloseTo(direct(values).mean, 12);
    expect(windowStddev(w)).toBeCloseTo(direct(values).sd, 12);
  });

  it("keeps only the last 1,000 samples: the oldest are evicted", () => {
    // 500 samples at 1000, then 1,000 samples cycling 0..9: the 1000s must be gone.
    const early = Array.from({ length: 500 }, () => 1000);
    const late = Array.from({ length: WINDOW }, (_, i) => i % 10);
    const w = filled([...early, ...late]);
    expect(w.count).toBe(WINDOW);
    expect(w.total).toBe(1500);
    expect(windowMean(w)).toBeCloseTo(4.5, 9);
    expect(windowStddev(w)).toBeCloseTo(direct(late).sd, 9);
    // One more sample evicts exactly one: the oldest remaining (a 0).
    push(w, 10);
    expect(windowMean(w)).toBeCloseTo((4.5 * WINDOW - 0 + 10) / WINDOW, 9);
  });

  it("recomputes its sums when the ring wraps, so drift cannot accumulate", () => {
    const w = emptyWindow();
    // Large values with a tiny spread: naive running sums of x and x² lose the spread entirely.
    const values: number[] = [];
    for (let i = 0; i < 3 * WINDOW + 17; i++) {
      const v = 1e9 + (i % 7) * 0.001;
      values.push(v);
      push(w, v);
    }
    const expected = direct(values.slice(-WINDOW));
    expect(w.head).toBe(17);
    expect(windowMean(w)).toBeCloseTo(expected.mean, 4);
    expect(windowStddev(w) / expected.sd).toBeCloseTo(1, 6);
    // At a wrap the shift moves to the mean, and the sums are exactly recomputed from the ring.
    for (let i = 0; i < WINDOW - 17; i++) push(w, 1e9 + 0.002);
    expect(w.head).toBe(0);
    const held = [...values.slice(-17), ...Array.from({ length: WINDOW - 17 }, () => 1e9 + 0.002)];
    expect([...w.ring]).toEqual(held);
    // The shift is the mean at the wrap, and the sums are exactly those of the ring around it.
    expect(w.shift).toBeCloseTo(direct(held).mean, 4);
    expect(w.sum).toBe([...w.ring].reduce((a, v) => a + (v - w.shift), 0));
    expect(w.sumSq).toBe([...w.ring].reduce((a, v) => a + (v - w.shift) ** 2, 0));
    expect(windowStddev(w) / direct(held).sd).toBeCloseTo(1, 6);
  });

  it("stores the filled part of the ring as Float64 little-endian bytes and reads it back", () => {
    const w = filled([1.5, -2.25, 1e300, Number.MIN_VALUE]);
    const bytes = encodeRing(w);
    expect(bytes.byteLength).toBe(32);
    expect(bytes.readDoubleLE(8)).toBe(-2.25);
    // A driver's buffer need not be aligned: decode from an odd offset.
    const unaligned = Buffer.concat([Buffer.from([0]), bytes]).subarray(1);
    const ring = decodeRing(unaligned);
    expect([...ring.subarray(0, 4)]).toEqual([1.5, -2.25, 1e300, Number.MIN_VALUE]);
    expect(ring.length).toBe(WINDOW);
  });
});
