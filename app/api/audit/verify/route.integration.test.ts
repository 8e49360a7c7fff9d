// The audit integrity route: admins only, and a row rewritten behind the append-only
// trigger comes back as the first broken link, by the incremental check (the default) when
// it is past the checkpoint and by ?mode=full anywhere. The session is the only thing stubbed
// (there is no browser here); the users, their roles, the chain and its checkpoints are real rows.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { rewriteAuditData } from "@/lib/testing/audit";
import { rewriteAuditHistory } from "@/lib/testing/audit-tampering";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { createUser } from "@/lib/auth/users";

const session = vi.hoisted(() => {
  // Checkpoints are signed with a key derived from the server's secret (read once, at import).
  process.env.NEXTAUTH_SECRET = `route-test-${Math.random()}`;
  // No head file: held to none (heads are app/api/audit/head's tests), never to a stray one in .vigil.
  process.env.VIGIL_AUDIT_HEAD_FILE = "off";
  return { userId: null as string | null };
});
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let GET: (request: Request) => Promise<Response>;
const users: Record<"viewer" | "responder" | "admin", string> = { viewer: "", responder: "", admin: "" };
let adminEmail = "";

beforeAll(async () => {
  t = await openTestDb();
  // The route reads the process-wide client: make it this file's database.
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ GET } = await import("@/app/api/audit/verify/route"));
  for (const role of ["viewer", "responder", "admin"] as const) {
    const email = `${unique(role)}@vigil.test`;
    users[role] = (await createUser(t.db, { email, password: "correct-horse-battery", role }, { type: "system" })).id;
    if (role === "admin") adminEmail = email;
  }
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

async function verifyAs(userId: string | null, query = "") {
  session.userId = userId;
  const response = await GET(new Request(`http://vigil.test/api/audit/verify${query}`));
  return { status: response.status, body: await response.json() };
}

/** Two events in one transaction; returns the first one's seq (the second keeps it off the head). */
async function appendTwo(target: string): Promise<bigint> {
  await t.db.$transaction(async (tx) => {
    const sql = prismaSql(tx);
    await appendAudit(sql, [
      { action: "incident.state_changed", actorType: "system", targetType: "Incident", targetId: target, data: { to: "resolved" } },
    ]);
    // A later event, so the edited one is not simply the chain's head.
    await appendAudit(sql, [{ action: "incident.state_changed", actorType: "system", targetId: unique("after"), data: { to: "closed" } }]);
  });
  return (await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } })).seq;
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
    for (const userId of [null, users.viewer, users.responder])
      expect((await verifyAs(userId, "?mode=full")).status).toBe(userId ? 403 : 401);
    // Nobody but an admin moved a checkpoint.
    expect(await t.db.auditCheckpoint.count({ where: { keyId: serverCheckpointKey()!.id } })).toBe(0);
  });

  it("tells an admin the chain is intact, and records the checkpoint in their name", async () => {
    const { status, body } = await verifyAs(users.admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      mode: "incremental",
      checkpoints: true,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
      recorded: { seq: body.headSeq, hash: body.head, mode: "incremental", verifiedBy: adminEmail },
    });
    expect(body.checked).toBeGreaterThanOrEqual(3); // at least the three user.created events
    expect(await t.db.auditCheckpoint.findFirst({ where: { keyId: serverCheckpointKey()!.id }, orderBy: { seq: "desc" } })).toMatchObject({
      actorType: "user",
      actorId: users.admin,
    });
  });

  it("answers 400 naming the mode when it is not one it knows", async () => {
    expect(await verifyAs(users.admin, "?mode=quick")).toMatchObject({
      status: 400,
      body: { error: "bad_request", message: expect.stringMatching(/^mode: /) },
    });
  });

  it("names the tampered row as the first broken link", async () => {
    const target = unique("tampered");
    expect((await verifyAs(users.admin)).body.ok).toBe(true);
    const seq = await appendTwo(target);
    await rewriteAuditData(t.db, seq, { to: "closed" });
    try {
      const { status, body } = await verifyAs(users.admin);
      expect(status).toBe(200);
      expect(body).toEqual({
        ok: false,
        mode: "incremental",
        checkpoints: true,
        from: expect.objectContaining({ verifiedBy: adminEmail }),
        recorded: null,
        exportedHead: null,
        checked: expect.any(Number),
        recomputed: 1, // the checkpointed event; the tampered one is the next
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

  it("reports a history rewritten with fresh hashes, though every link matches", async () => {
    const seq = await appendTwo(unique("rewritten"));
    expect((await verifyAs(users.admin)).body.ok).toBe(true);
    const head = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    // The edited event and the one after it get new hashes that link up: only the checkpoint still knows the old one.
    const restore = await rewriteAuditHistory(t.db, seq, { to: "closed" });
    try {
      for (const query of ["", "?mode=full"]) {
        const { status, body } = await verifyAs(users.admin, query);
        expect(status).toBe(200);
        expect(body).toMatchObject({
          ok: false,
          brokenAt: head.seq.toString(),
          reason: "event no longer has the hash its checkpoint recorded",
        });
      }
    } finally {
      await restore();
    }
    expect((await verifyAs(users.admin)).body.ok).toBe(true);
  });

  it("finds a row tampered before the checkpoint with ?mode=full", async () => {
    const seq = await appendTwo(unique("early"));
    expect((await verifyAs(users.admin)).body.ok).toBe(true);
    await rewriteAuditData(t.db, seq, { to: "closed" });
    try {
      // The incremental check starts at the checkpoint, past the edit.
      expect((await verifyAs(users.admin)).body).toMatchObject({ ok: true, mode: "incremental", recomputed: 1 });
      const { status, body } = await verifyAs(users.admin, "?mode=full");
      expect(status).toBe(200);
      expect(body).toMatchObject({ ok: false, mode: "full", brokenAt: seq.toString(), reason: "event content does not match its hash" });
      expect(body.checked).toBe(await t.db.auditEvent.count({ where: { seq: { lt: seq } } }));
    } finally {
      await rewriteAuditData(t.db, seq, { to: "resolved" });
    }
    expect((await verifyAs(users.admin, "?mode=full")).body).toMatchObject({ ok: true, mode: "full" });
  });
});
