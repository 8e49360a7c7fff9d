// The audit integrity route: admins only, and a row rewritten behind the append-only
// trigger comes back as the first broken link. The session is the only thing stubbed (there
// is no browser here); the users, their roles and the chain are real rows.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { rewriteAuditData } from "@/lib/testing/audit";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { createUser } from "@/lib/auth/users";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId } } : null),
}));

let t: TestDb;
let GET: () => Promise<Response>;
const users: Record<"viewer" | "responder" | "admin", string> = { viewer: "", responder: "", admin: "" };

beforeAll(async () => {
  t = await openTestDb();
  // The route reads the process-wide client: make it this file's database.
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ GET } = await import("@/app/api/audit/verify/route"));
  for (const role of ["viewer", "responder", "admin"] as const) {
    users[role] = (
      await createUser(t.db, { email: `${unique(role)}@vigil.test`, password: "correct-horse-battery", role }, { type: "system" })
    ).id;
  }
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

async function verifyAs(userId: string | null) {
  session.userId = userId;
  const response = await GET();
  return { status: response.status, body: await response.json() };
}

describe("GET /api/audit/verify", () => {
  it("answers 401 without a session and 403 to viewers and responders", async () => {
    expect(await verifyAs(null)).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(await verifyAs(users.viewer)).toMatchObject({
      status: 403,
      body: { error: "forbidden", message: expect.stringContaining("admin") },
    });
    expect(await verifyAs(users.responder)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    expect(await verifyAs("no-such-user")).toMatchObject({ status: 401 });
  });

  it("tells an admin the chain is intact", async () => {
    const { status, body } = await verifyAs(users.admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body.checked).toBeGreaterThanOrEqual(3); // at least the three user.created events
  });

  it("names the tampered row as the first broken link", async () => {
    const target = unique("tampered");
    await t.db.$transaction(async (tx) => {
      const sql = prismaSql(tx);
      await appendAudit(sql, [
        { action: "incident.state_changed", actorType: "system", targetType: "Incident", targetId: target, data: { to: "resolved" } },
      ]);
      // A later event, so the edited one is not simply the chain's head.
      await appendAudit(sql, [
        { action: "incident.state_changed", actorType: "system", targetId: unique("after"), data: { to: "closed" } },
      ]);
    });
    const { seq } = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } });
    await rewriteAuditData(t.db, seq, { to: "closed" });
    try {
      const { status, body } = await verifyAs(users.admin);
      expect(status).toBe(200);
      expect(body).toEqual({
        ok: false,
        checked: expect.any(Number),
        brokenAt: seq.toString(),
        reason: "event content does not match its hash",
        event: {
          seq: seq.toString(),
          at: expect.any(String),
          action: "incident.state_changed",
          incidentId: null,
          targetType: "Incident",
          targetId: target,
        },
      });
      // Every event before it verified.
      expect(body.checked).toBe(await t.db.auditEvent.count({ where: { seq: { lt: seq } } }));
    } finally {
      // The embedded database is shared with other test files: put history back.
      await rewriteAuditData(t.db, seq, { to: "resolved" });
    }
    expect((await verifyAs(users.admin)).body.ok).toBe(true);
  });
});
