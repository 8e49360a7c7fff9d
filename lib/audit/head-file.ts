// The head file: one JSON line per exported chain head, appended, never rewritten. It lives
// outside the database (VIGIL_AUDIT_HEAD_FILE, by default in VIGIL_DATA_DIR), so the
// database's owner cannot change it; verification holds the chain to its last line.
import "server-only";
import { appendFile, mkdir, open } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { headLineSchema } from "@/lib/audit/head-schemas";
import type { HeadExpectation } from "@/lib/audit/exported-head";

// The last line is found in the file's tail: a head line is ~250 bytes.
const TAIL_BYTES = 8_192;

/** The head file's path; null when VIGIL_AUDIT_HEAD_FILE is "off". */
export function headFileFromEnv(): string | null {
  if (env.VIGIL_AUDIT_HEAD_FILE?.trim().toLowerCase() === "off") return null;
  // Not path.resolve: Next's output tracing reads a resolve of an unknown path as "the whole
  // project directory" and would copy the sources into the standalone server. fs resolves a
  // relative path against the working directory all the same.
  return env.VIGIL_AUDIT_HEAD_FILE ?? path.join(env.VIGIL_DATA_DIR, "data", "audit-heads.jsonl");
}

export async function appendHeadLine(file: string, head: object): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // One write of the whole line, in append mode: lines of concurrent exports do not interleave.
  await appendFile(file, `${JSON.stringify(head)}\n`, { encoding: "utf8", mode: 0o640 });
}

async function readTail(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * The last head in `file`: null when none was exported yet (no file, or an empty one); a
 * line that cannot be read as a head is reported as such, for verification to show.
 */
export async function readLastHead(file: string): Promise<HeadExpectation | null> {
  let tail: string;
  try {
    tail = await readTail(file);
  } catch (err) {
    // No such file, or a path through a file where a folder should be: nothing was exported there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    return { source: "file", unreadable: `could not read the head file ${file}: ${(err as Error).message}` };
  }
  const line = tail
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  if (!line) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  const head = headLineSchema.safeParse(parsed);
  if (!head.success)
    return { source: "file", unreadable: `the last line of ${file} is not an exported head (seq and hash): fix or move the file` };
  return { source: "file", seq: BigInt(head.data.seq), hash: head.data.hash, at: head.data.at };
}

/** The head verification holds the chain to: the one given, else the head file's last (if any). */
export async function expectedHead(given?: { seq: string; hash: string }): Promise<HeadExpectation | null> {
  if (given) return { source: "given", seq: BigInt(given.seq), hash: given.hash };
  const file = headFileFromEnv();
  return file ? readLastHead(file) : null;
}
