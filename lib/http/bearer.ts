// Bearer-token check in constant time. Both sides are hashed first, so the comparison
// takes the same time whatever the length or content of the presented token.
import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export function tokenMatches(presented: string | null, expected: string): boolean {
  // Compare even when nothing was presented, so "no header" and "wrong token" take equally long.
  const ok = timingSafeEqual(digest(presented ?? ""), digest(expected));
  return ok && presented !== null;
}
