// How deeply a JSON text nests arrays and objects, checked on the raw text before parsing:
// JSON.parse copes with any depth, but whatever walks the value afterwards recursively
// (JSON.stringify when it is stored, a schema) overflows the stack around ten thousand levels.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const [OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT] = [0x5b, 0x7b, 0x5d, 0x7d];

/** Whether `text` opens more than `limit` arrays and objects inside one another. Brackets in strings are text. */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the quote that ends the string: the first not escaped by an odd run of
      // backslashes (indexOf over the string is about twice as fast as a loop per character).
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i === -1) return false;
        let backslashes = 0;
        while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}
