// Test helpers for runbooks: made-up words (letters only, so full-text search and the term
// filter treat them as words, never as ids) and users of each role.
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import type { Actor } from "@/lib/runbooks/library";
import { seeded, seededString } from "@/lib/testing/seeded";

const letters = seeded(0x7e57_0002);

/**
 * A word no other test in the file uses: 10 consonant-vowel letters ("bokimuzaro"), the same
 * sequence every run, so ranks and the fake embedding's hash buckets are too.
 */
export function word(): string {
  return seededString(letters, 10, (i) => (i % 2 ? "aiou" : "bdfgklmnprstvz"));
}

export const markdownFile = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

export async function actors(db: Db): Promise<Record<"viewer" | "responder" | "admin", Actor>> {
  const out = {} as Record<"viewer" | "responder" | "admin", Actor>;
  for (const role of ["viewer", "responder", "admin"] as const) {
    const email = `${role}-${word()}@vigil.test`;
    const user = await createUser(db, { email, password: "correct-horse-battery", role }, { type: "system" });
    out[role] = { id: user.id, email, role };
  }
  return out;
}
