// Every server action the console exports, found by reading app/ for "use server" files, not
// by a list someone must keep: each was made by the one wrapper (lib/auth/server-action.ts),
// so each checks the session and a role; each refuses a caller signed out and every role below
// the one it needs, before it reads its input, and leaves the audit trail as it was. A new
// action written without the wrapper, or a role check dropped, fails here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, type TestDb } from "@/lib/testing/database";
import { actors } from "@/lib/testing/runbooks";
import { roles } from "@/lib/auth/roles";
import type { Actor } from "@/lib/runbooks/library";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

const repo = path.resolve(__dirname, "../..");

function serverActionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverActionFiles(file);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    return /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(file, "utf8")) ? [file] : [];
  });
}

type Action = (...args: unknown[]) => Promise<{ ok: boolean; code?: string }>;

let t: TestDb;
let as: Record<"viewer" | "responder" | "admin", Actor>;
let requiredRole: typeof import("@/lib/auth/server-action").requiredRole;
const actions: { name: string; action: Action }[] = [];

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  as = await actors(t.db);
  ({ requiredRole } = await import("@/lib/auth/server-action"));
  for (const file of serverActionFiles(path.join(repo, "app"))) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function") actions.push({ name: `${path.relative(repo, file)}: ${name}`, action: value as Action });
    }
  }
}, 60_000);
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

describe("every server action", () => {
  it("is made by the one wrapper, so it has a role to check", () => {
    // The console's actions today: incident commands and actions, post-mortems, runbooks, sources, users, the audit trail.
    expect(actions.length).toBeGreaterThanOrEqual(30);
    const unwrapped = actions.filter(({ action }) => requiredRole(action) === undefined).map((a) => a.name);
    expect(unwrapped).toEqual([]);
  });

  it("refuses a caller signed out and every role below its own, and writes nothing", async () => {
    const events = await t.db.auditEvent.count();
    for (const { name, action } of actions) {
      const needed = requiredRole(action)!;
      session.userId = null;
      expect(await action(undefined), name).toMatchObject({ ok: false, code: "signed_out" });
      for (const role of roles.slice(0, roles.indexOf(needed))) {
        session.userId = as[role].id;
        expect(await action(undefined), `${name} as a ${role}`).toMatchObject({ ok: false, code: "forbidden" });
      }
    }
    session.userId = null;
    expect(await t.db.auditEvent.count()).toBe(events);
  });
});
