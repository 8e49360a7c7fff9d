// The audit page's full verification as the console calls it: the session is the only thing
// stubbed; users, the chain and its checkpoints are real rows. The action checks the role
// itself, and full verification finds an edit the incremental check's checkpoint vouches for.
// Exporting the chain's head and verifying against a pasted head are for admins only too.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { rewriteAuditData } from "@/lib/testing/audit";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { createUser } from "@/lib/auth/users";
import { serverCheckpointKey } from "@/lib/audit/checkpoint";
import { verifyAuditTrail } from "@/lib/audit/verification";

const session = await vi.hoisted(async () => {
  const { mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-audit-actions-"));
  // Checkpoints are signed with a key derived from the server's secret, and heads go to a file
  // of this test's own (both read once, at import).
  process.env.NEXTAUTH_SECRET = `action-test-${Math.random()}`;
  process.env.VIGIL_AUDIT_HEAD_FILE = path.join(dir, "audit-heads.jsonl");
  return { userId: null as string | null, dir };
});
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let actions: typeof import("@/app/(console)/audit/actions");
const users: Record<"viewer" | "responder" | "admin", { id: string; email: string }> = {
  viewer: { id: "", email: "" },
  responder: { id: "", email: "" },
  admin: { id: "", email: "" },
};

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  actions = await import("@/app/(console)/audit/actions");
  for (const role of ["viewer", "responder", "admin"] as const) {
    const email = `${unique(role)}@vigil.test`;
    users[role] = { id: (await createUser(t.db, { email, password: "correct-horse-battery", role }, { type: "system" })).id, email };
  }
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await rm(session.dir, { recursive: true, force: true });
  await t?.close();
});

const checkpoints = () => t.db.auditCheckpoint.count({ where: { keyId: serverCheckpointKey()!.id } });

describe("verifyFullAuditChainAction", () => {
  it("refuses someone signed out, a viewer and a responder, and records nothing", async () => {
    session.userId = null;
    expect(await actions.verifyFullAuditChainAction()).toMatchObject({ ok: false, code: "signed_out" });
    for (const role of ["viewer", "responder"] as const) {
      session.userId = users[role].id;
      expect(await actions.verifyFullAuditChainAction()).toEqual({
        ok: false,
        code: "forbidden",
        message: `You are a ${role}: only admins can verify the whole audit chain.`,
      });
    }
    expect(await checkpoints()).toBe(0);
  });

  it("verifies every event for an admin, in their name, and finds an edit behind the checkpoint", async () => {
    const target = unique("early");
    await t.db.$transaction((tx) =>
      appendAudit(prismaSql(tx), [
        { action: "incident.state_changed", actorType: "system", targetId: target, data: { to: "resolved" } },
        { action: "incident.state_changed", actorType: "system", targetId: unique("after"), data: { to: "closed" } },
      ]),
    );
    session.userId = users.admin.id;
    const first = await actions.verifyFullAuditChainAction();
    expect(first).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Verified all [\d]+ events: the chain is intact\.$/),
      verification: {
        ok: true,
        mode: "full",
        checked: await t.db.auditEvent.count(),
        recorded: { mode: "full", verifiedBy: users.admin.email },
      },
    });
    expect(await checkpoints()).toBe(1);

    const { seq } = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } });
    await rewriteAuditData(t.db, seq, { to: "closed" });
    try {
      // The periodic check starts at the admin's checkpoint, past the edit; the button reads it all.
      const incremental = await verifyAuditTrail(t.db, {
        mode: "incremental",
        by: { type: "system", id: null },
        key: serverCheckpointKey(),
      });
      expect(incremental).toMatchObject({ ok: true, from: { verifiedBy: users.admin.email, mode: "full" } });
      expect(await actions.verifyFullAuditChainAction()).toMatchObject({
        ok: true,
        verification: { ok: false, mode: "full", brokenAt: seq.toString(), reason: "event content does not match its hash" },
      });
    } finally {
      await rewriteAuditData(t.db, seq, { to: "resolved" });
    }
  });
});

describe("the exported head's actions", () => {
  const head = { seq: "1", hash: "a".repeat(64) };
  const exports = () => t.db.auditEvent.count({ where: { action: "audit.head_exported" } });

  it("refuses someone signed out, a viewer and a responder, and exports nothing", async () => {
    session.userId = null;
    expect(await actions.exportAuditHeadAction()).toMatchObject({ ok: false, code: "signed_out" });
    expect(await actions.verifyAgainstExportedHeadAction(head)).toMatchObject({ ok: false, code: "signed_out" });
    for (const role of ["viewer", "responder"] as const) {
      session.userId = users[role].id;
      expect(await actions.exportAuditHeadAction()).toEqual({
        ok: false,
        code: "forbidden",
        message: `You are a ${role}: only admins can export the audit chain's head.`,
      });
      expect(await actions.verifyAgainstExportedHeadAction(head)).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await exports()).toBe(0);
  });

  it("exports the head for an admin, and verifies against the head they paste", async () => {
    session.userId = users.admin.id;
    const exported = await actions.exportAuditHeadAction();
    expect(exported).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Exported event #\d+ with hash [0-9a-f]{64} \(file, log\)\.$/),
    });
    if (!exported.ok || !("head" in exported)) throw new Error("not exported");
    expect(await exports()).toBe(1);

    const pasted = { seq: ` ${exported.head.seq} `, hash: exported.head.hash.toUpperCase() };
    expect(await actions.verifyAgainstExportedHeadAction(pasted)).toMatchObject({
      ok: true,
      message: `Event #${exported.head.seq} still has the exported hash: the chain is intact.`,
      verification: { ok: true, exportedHead: { seq: exported.head.seq, source: "given", ok: true } },
    });
    expect(await actions.verifyAgainstExportedHeadAction({ seq: exported.head.seq, hash: "b".repeat(64) })).toMatchObject({
      ok: true,
      message: `The chain is broken at event #${exported.head.seq}: event no longer has the hash its exported head recorded.`,
      verification: { ok: false, brokenAt: exported.head.seq },
    });
    expect(await actions.verifyAgainstExportedHeadAction({ seq: "twelve", hash: "b" })).toEqual({
      ok: false,
      code: "malformed",
      message:
        "Check the head: seq: expected an audit event's sequence number (digits only); hash: expected a SHA-256 hash: 64 hexadecimal characters.",
    });
  });
});
