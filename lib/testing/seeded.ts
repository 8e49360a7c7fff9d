// Deterministic "random" numbers for tests (mulberry32): a fixed seed makes every run pick the
// same names and words, so whatever they influence (a sort, a hash bucket, a rank) is the same
// each time and a failure reproduces. Each test file runs in its own process, on its own
// database, so a sequence that restarts per file still never repeats within one.
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `length` characters drawn from `alphabet` (or per position, from `alphabet(i)`). */
export function seededString(random: () => number, length: number, alphabet: string | ((i: number) => string)): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    const letters = typeof alphabet === "string" ? alphabet : alphabet(i);
    out += letters[Math.floor(random() * letters.length)];
  }
  return out;
}
