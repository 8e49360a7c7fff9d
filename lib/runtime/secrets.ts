// Secrets the run script needs when none are configured: generated once and kept in the
// data directory (mode 0600), so sessions survive restarts without anyone writing a .env.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function persistentSecret(dataDir: string | null, name: string): string {
  if (!dataDir) return randomBytes(32).toString("base64url");
  const file = path.join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString("base64url");
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}
