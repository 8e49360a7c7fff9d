// Model latency over the last N calls, for watchtower mode: when the p99 is beyond the limit
// the model is too slow to lean on, and Vigil keeps analysing but suspends automated writes.
import "server-only";

export type LatencyTracker = { record(ms: number): void; p99(): number | null; count(): number };

export function createLatencyTracker(window: number): LatencyTracker {
  const samples: number[] = [];
  return {
    record(ms) {
      samples.push(ms);
      if (samples.length > window) samples.shift();
    },
    // Nearest rank: with fewer than 100 samples the p99 is the slowest call in the window.
    p99() {
      if (!samples.length) return null;
      const sorted = [...samples].sort((a, b) => a - b);
      return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
    },
    count: () => samples.length,
  };
}
