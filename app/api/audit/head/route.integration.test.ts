// Exporting the chain's head on demand (POST /api/audit/head) and holding verification to it
// (GET /api/audit/verify: the head file's last line, or ?headSeq=…&headHash=…). Admins only;
// the proxy refuses another site's POST. The session is the only thing stubbed: users, the
// chain, the head file are real.
import { readFile } from "node:fs/promises";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { rewriteAuditData } from "@/lib/testing/audit";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { createUser } from "@/lib/auth/users";
import { log } from "@/lib/log";

const session = await vi.hoisted(async () => {
  const { mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = await mkdtemp(path.join(tmpdir(), "vigil-head-route-"));
  // Read once, at import: checkpoints' signing key, and where heads go (a folder the export creates).
  process.env.NEXTAUTH_SECRET = `head-route-test-${Math.random()}`;
  process.env.VIGIL_AUDIT_HEAD_FILE = path.join(dir, "heads", "audit-heads.jsonl");
  return { userId: null as string | null, dir, file: process.env.VIGIL_AUDIT_HEAD_FILE };
});
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let POST: () => Promise<Response>;
let GET: (request: Request) => Promise<Response>;
const users: Record<"viewer" | "responder" | "admin", string> = { viewer: "", responder: "", admin: "" };

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ POST } = await import("@/app/api/audit/head/route"));
  ({ GET } = await import("@/app/api/audit/verify/route"));
  for (const role of ["viewer", "responder", "admin"] as const)
    users[role] = (
      await createUser(t.db, { email: `${unique(role)}@vigil.test`, password: "correct-horse-battery", role }, { type: "system" })
    ).id;
});
afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  const { rm } = await import("node:fs/promises");
  await rm(session.dir, { recursive: true, force: true });
  await t?.close();
});

async function exportAs(userId: string | null) {
  session.userId = userId;
  const response = await POST();
  return { status: response.status, body: await response.json() };
}
async function verifyAs(userId: string | null, query = "") {
  session.userId = userId;
  const response = await GET(new Request(`http://vigil.test/api/audit/verify${query}`));
  return { status: response.status, body: await response.json() };
}
const exports = () => t.db.auditEvent.count({ where: { action: "audit.head_exported" } });

describe("POST /api/audit/head", () => {
  it("answers 401 without a session and 403 to viewers and responders, and exports nothing", async () => {
    expect(await exportAs(null)).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(await exportAs("no-such-user")).toMatchObject({ status: 401 });
    for (const role of ["viewer", "responder"] as const)
      expect(await exportAs(users[role])).toMatchObject({
        status: 403,
        body: { error: "forbidden", message: expect.stringContaining("admin") },
      });
    await expect(readFile(session.file)).rejects.toThrow(/ENOENT/);
    expect(await exports()).toBe(0);
  });

  it("is refused by the proxy when another site sends it", async () => {
    const { proxy } = await import("@/proxy");
    const request = new NextRequest("http://vigil.test/api/audit/head", { method: "POST", headers: { origin: "https://evil.example" } });
    const response = await proxy(request);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "cross_site" });
  });

  it("exports the head for an admin, and verification holds the chain to it", async () => {
    const { status, body } = await exportAs(users.admin);
    const newest = await t.db.auditEvent.findFirstOrThrow({ where: { action: { not: "audit.head_exported" } }, orderBy: { seq: "desc" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      head: { seq: newest.seq.toString(), hash: newest.hash, events: expect.any(Number), at: expect.any(String) },
      outputs: { file: "written", log: "written", webhook: "off" },
    });
    expect(JSON.parse((await readFile(session.file, "utf8")).trim())).toEqual(body.head);
    expect(await t.db.auditEvent.findFirst({ where: { action: "audit.head_exported" } })).toMatchObject({
      actorType: "user",
      actorId: users.admin,
    });

    // By default, the head file's last line.
    const exportedHead = { seq: body.head.seq, hash: body.head.hash, source: "file", exportedAt: body.head.at, ok: true };
    expect(await verifyAs(users.admin)).toMatchObject({ status: 200, body: { ok: true, exportedHead } });
    // A head given: upper-case hex is the same hash.
    const given = `?headSeq=${body.head.seq}&headHash=${body.head.hash.toUpperCase()}`;
    expect(await verifyAs(users.admin, `${given}&mode=full`)).toMatchObject({
      status: 200,
      body: { ok: true, mode: "full", exportedHead: { ...exportedHead, source: "given", exportedAt: null } },
    });
    expect(await verifyAs(users.admin, `?headSeq=${body.head.seq}&headHash=${"0".repeat(64)}`)).toMatchObject({
      status: 200,
      body: { ok: false, brokenAt: body.head.seq, reason: "event no longer has the hash its exported head recorded", recorded: null },
    });
  });

  it("answers 409 with the verdict, and exports nothing, when the chain is broken", async () => {
    const target = unique("tampered");
    await t.db.$transaction((tx) =>
      appendAudit(prismaSql(tx), [
        { action: "incident.state_changed", actorType: "system", targetId: target, data: { to: "resolved" } },
        { action: "incident.state_changed", actorType: "system", targetId: unique("after"), data: { to: "closed" } },
      ]),
    );
    const { seq } = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } });
    const before = { exports: await exports(), file: await readFile(session.file, "utf8") };
    await rewriteAuditData(t.db, seq, { to: "closed" });
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    try {
      expect(await exportAs(users.admin)).toMatchObject({
        status: 409,
        body: {
          error: "conflict",
          message: `the chain head was not exported: the chain is broken at event #${seq}: event content does not match its hash`,
          verification: { ok: false, brokenAt: seq.toString() },
        },
      });
      expect({ exports: await exports(), file: await readFile(session.file, "utf8") }).toEqual(before);
    } finally {
      vi.restoreAllMocks();
      await rewriteAuditData(t.db, seq, { to: "resolved" });
    }
  });
});

describe("GET /api/audit/verify with a head", () => {
  it("answers 400 naming what is wrong with headSeq and headHash", async () => {
    const hash = "a".repeat(64);
    for (const [query, message] of [
      [`?headSeq=12x&headHash=${hash}`, "headSeq: expected an audit event's sequence number (digits only)"],
      ["?headSeq=12&headHash=abc", "headHash: expected a SHA-256 hash: 64 hexadecimal characters"],
      ["?headSeq=12", "headHash: headSeq and headHash go together: give both, or neither"],
      [`?headHash=${hash}`, "headSeq: headSeq and headHash go together: give both, or neither"],
    ] as const) {
      expect(await verifyAs(users.admin, query)).toEqual({ status: 400, body: { error: "bad_request", message } });
    }
    // Who asks is checked before what they ask.
    expect((await verifyAs(users.viewer, "?headSeq=12")).status).toBe(403);
  });

  it("reports a given head past the end of the trail as missing", async () => {
    const seq = ((await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq + 1000n).toString();
    expect(await verifyAs(users.admin, `?headSeq=${seq}&headHash=${"b".repeat(64)}`)).toMatchObject({
      status: 200,
      body: { ok: false, brokenAt: seq, event: null, exportedHead: { seq, source: "given", ok: false } },
    });
  });
});
