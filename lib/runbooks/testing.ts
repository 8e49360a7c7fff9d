// Test helpers for runbooks: made-up words (letters only, so full-text search and the term
// filter treat them as words, never as ids) and users of each role.
import { randomInt } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import type { Actor } from "@/lib/runbooks/library";

/** A word no other test uses: 10 random consonant-vowel letters ("bokimuzaro"). */
export function word(): string {
  const c = "bdfgklmnprstvz";
  const v = "aiou";
  return Array.from({ length: 10 }, (_, i) => (i % 2 ? v[randomInt(v.length)] : c[randomInt(c.length)])).join("");
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
