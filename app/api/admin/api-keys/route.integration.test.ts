// The API key admin routes: admins only, the secret shown once at creation, revocation
// audited once. The session is the only thing stubbed; users, keys and audit rows are real.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { createUser } from "@/lib/auth/users";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let routes: typeof import("@/app/api/admin/api-keys/route");
let revoke: typeof import("@/app/api/admin/api-keys/[id]/route").DELETE;
const users = { responder: "", admin: "" };

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  routes = await import("@/app/api/admin/api-keys/route");
  revoke = (await import("@/app/api/admin/api-keys/[id]/route")).DELETE;
  for (const role of ["responder", "admin"] as const) {
    users[role] = (
      await createUser(t.db, { email: `${unique(role)}@vigil.test`, password: "correct-horse-battery", role }, { type: "system" })
    ).id;
  }
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

const create = (body: unknown) =>
  routes.POST(new Request("http://vigil.test/api/admin/api-keys", { method: "POST", body: JSON.stringify(body) }));
const del = (id: string) =>
  revoke(new Request(`http://vigil.test/api/admin/api-keys/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id }) });

describe("/api/admin/api-keys", () => {
  it("refuses anyone but an admin", async () => {
    session.userId = null;
    expect((await routes.GET()).status).toBe(401);
    session.userId = users.responder;
    expect((await routes.GET()).status).toBe(403);
    expect((await create({ name: "x", scopes: ["ingest:logs"] })).status).toBe(403);
    expect((await del("anything")).status).toBe(403);
  });

  it("creates a key, shows its secret once, lists it without, and revokes it once (audited)", async () => {
    session.userId = users.admin;
    const name = unique("ci-deploys");
    const created = await create({ name, scopes: ["ingest:changes"] });
    expect(created.status).toBe(201);
    const { key, secret } = await created.json();
    expect(secret).toMatch(/^vgk_/);
    expect(key).toMatchObject({ name, prefix: secret.slice(0, 8), scopes: ["ingest:changes"], createdBy: users.admin, revokedAt: null });
    expect(key).not.toHaveProperty("hash");
    // Stored as a SHA-256 of the secret only: the database never holds the key itself.
    const stored = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(8));

    const list = await (await routes.GET()).json();
    const listed = list.items.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name, prefix: key.prefix });
    expect(JSON.stringify(list)).not.toContain(secret);

    const revoked = await del(key.id);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedAt).toEqual(expect.any(String));
    expect((await del(key.id)).status).toBe(200);
    const events = await t.db.auditEvent.findMany({ where: { targetId: key.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["api_key.created", users.admin],
      ["api_key.revoked", users.admin],
    ]);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(secret);
  });

  it("answers 400 naming the field, and 404 for an unknown key", async () => {
    session.userId = users.admin;
    const bad = await create({ name: "x", scopes: ["ingest:everything"] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain("scopes[0]");
    expect((await del("no-such-key")).status).toBe(404);
  });
});
