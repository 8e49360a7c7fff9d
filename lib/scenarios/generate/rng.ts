// Seeded choice helpers over lib/random's mulberry32: every decision a generated scenario makes
// goes through one Gen, so the same seed always yields the same bytes.
import { seededRng, type Rng } from "@/lib/random";

export type Gen = {
  next: Rng;
  float(min: number, max: number): number;
  /** Inclusive on both ends. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  shuffle<T>(items: readonly T[]): T[];
  sample<T>(items: readonly T[], n: number): T[];
  /** Random string over an alphabet; the default is the one Kubernetes uses for name suffixes. */
  chars(n: number, alphabet?: string): string;
  hex(n: number): string;
  uid(): string;
};

// k8s.io/apimachinery/pkg/util/rand: no vowels, no 0/1/3 (so suffixes never spell words).
export const K8S_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

const BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Eight lowercase hex digits of a 32-bit value (Number#toString(16) is slow on hot paths). */
export function hex32(v: number): string {
  const x = v >>> 0;
  return (
    (BYTES[x >>> 24] as string) + (BYTES[(x >>> 16) & 255] as string) + (BYTES[(x >>> 8) & 255] as string) + (BYTES[x & 255] as string)
  );
}

/** A per-scenario seed: scenarios are independent of each other, so one can be regenerated alone. */
export function mixSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function createGen(seed: number): Gen {
  const next = seededRng(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(next() * items.length)] as T;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const chars = (n: number, alphabet = K8S_ALPHABET) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  // Eight hex digits per draw, through a byte table: ids and digests are long, and on the hot path.
  const hex = (n: number) => {
    let s = "";
    while (s.length < n) s += hex32(next() * 0x100000000);
    return s.length === n ? s : s.slice(0, n);
  };
  return {
    next,
    float: (min, max) => min + next() * (max - min),
    int,
    chance: (p) => next() < p,
    pick,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return (items[items.length - 1] as readonly [T, number])[0];
    },
    shuffle,
    sample: (items, n) => shuffle(items).slice(0, n),
    chars,
    hex,
    uid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`,
  };
}
