// A series' rolling window: the last WINDOW samples in a ring, with running sums of the
// samples' distance from a shift (the mean at the last recompute) so that large values with
// small spread do not lose their variance to cancellation. The sums are recomputed from the
// ring each time it wraps, which bounds floating-point drift to one lap.
import { endianness } from "node:os";
import { WINDOW } from "@/lib/anomaly/config";

export type Window = {
  ring: Float64Array;
  /** Next slot to write; the oldest sample once the ring is full. */
  head: number;
  /** Samples in the window (≤ WINDOW). */
  count: number;
  /** Samples ever added. */
  total: number;
  shift: number;
  sum: number;
  sumSq: number;
};

export function emptyWindow(): Window {
  return { ring: new Float64Array(WINDOW), head: 0, count: 0, total: 0, shift: 0, sum: 0, sumSq: 0 };
}

export function windowMean(w: Window): number {
  return w.count ? w.shift + w.sum / w.count : 0;
}

/** The sample standard deviation of the window (0 below two samples). */
export function windowStddev(w: Window): number {
  if (w.count < 2) return 0;
  const variance = (w.sumSq - (w.sum * w.sum) / w.count) / (w.count - 1);
  return variance > 0 ? Math.sqrt(variance) : 0;
}

export function recompute(w: Window): void {
  let plain = 0;
  for (let i = 0; i < w.count; i++) plain += w.ring[i]!;
  w.shift = w.count ? plain / w.count : 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < w.count; i++) {
    const d = w.ring[i]! - w.shift;
    sum += d;
    sumSq += d * d;
  }
  w.sum = sum;
  w.sumSq = sumSq;
}

/** Adds a sample, evicting the oldest once the window is full. */
export function push(w: Window, x: number): void {
  // The first sample is as good a shift as any until the first recompute.
  if (w.count === 0) Object.assign(w, { shift: x, sum: 0, sumSq: 0 });
  const d = x - w.shift;
  if (w.count < WINDOW) {
    w.count++;
  } else {
    const old = w.ring[w.head]! - w.shift;
    w.sum -= old;
    w.sumSq -= old * old;
  }
  w.sum += d;
  w.sumSq += d * d;
  w.ring[w.head] = x;
  w.head = (w.head + 1) % WINDOW;
  w.total++;
  if (w.head === 0) recompute(w);
}

const littleEndian = endianness() === "LE";

/** The ring's filled part as Float64 little-endian bytes (`count` × 8). */
export function encodeRing(w: Window): Buffer {
  if (littleEndian) return Buffer.from(w.ring.buffer, w.ring.byteOffset, w.count * 8);
  const out = Buffer.alloc(w.count * 8);
  for (let i = 0; i < w.count; i++) out.writeDoubleLE(w.ring[i]!, i * 8);
  return out;
}

export function decodeRing(bytes: Uint8Array): Float64Array {
  const ring = new Float64Array(WINDOW);
  const n = Math.min(WINDOW, Math.floor(bytes.byteLength / 8));
  if (littleEndian) {
    // Copy: the driver's buffer need not be 8-byte aligned.
    new Uint8Array(ring.buffer).set(bytes.subarray(0, n * 8));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) ring[i] = view.getFloat64(i * 8, true);
  }
  return ring;
}
