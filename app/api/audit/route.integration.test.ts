// GET /api/audit: admins only, 400 naming the field of a bad filter, filters and cursor
// pages over real rows. The session is the only thing stubbed (there is no browser here).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { createUser } from "@/lib/auth/users";
import { newTraceId } from "@/lib/tracing/trace-context";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

let t: TestDb;
let GET: (request: Request) => Promise<Response>;
const users: Record<"viewer" | "responder" | "admin", { id: string; email: string }> = {
  viewer: { id: "", email: "" },
  responder: { id: "", email: "" },
  admin: { id: "", email: "" },
};
const trace = newTraceId();

beforeAll(async () => {
  t = await openTestDb();
  // The route reads the process-wide client: make it this file's database.
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ GET } = await import("@/app/api/audit/route"));
  for (const role of ["viewer", "responder", "admin"] as const) {
    users[role] = await createUser(
      t.db,
      { email: `${unique(role)}@vigil.test`, password: "correct-horse-battery", role },
      { type: "system" },
    );
  }
  // Five events of one trace: the admin signing in, then the agent at work.
  await t.db.$transaction((tx) =>
    appendAudit(prismaSql(tx), [
      {
        action: "user.signed_in",
        actorType: "user",
        actorId: users.admin.id,
        traceId: trace,
        targetType: "User",
        targetId: users.admin.id,
      },
      ...[1, 2, 3, 4].map((step) => ({
        action: "evidence.collected" as const,
        actorType: "agent" as const,
        traceId: trace,
        data: { step },
      })),
    ]),
  );
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

async function getAs(userId: string | null, params: Record<string, string> = {}) {
  session.userId = userId;
  const response = await GET(new Request(`http://vigil.test/api/audit?${new URLSearchParams(params)}`));
  return { status: response.status, body: await response.json() };
}

describe("GET /api/audit", () => {
  it("answers 401 without a session and 403 to viewers and responders", async () => {
    expect(await getAs(null)).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(await getAs(users.viewer.id)).toMatchObject({
      status: 403,
      body: { error: "forbidden", message: expect.stringContaining("admin") },
    });
    expect(await getAs(users.responder.id)).toMatchObject({ status: 403, body: { error: "forbidden" } });
  });

  it("answers 400 naming the field of a bad filter", async () => {
    const bad: [Record<string, string>, string][] = [
      [{ action: "user.exploded" }, "action:"],
      [{ actor: "root" }, "actor:"],
      [{ actor: "not@an@email" }, "actor:"],
      [{ incident: "INC 12; drop" }, "incident:"],
      [{ trace: "abc" }, "trace:"],
      [{ from: "yesterday" }, "from:"],
      [{ from: "2026-11-22T10:00:00Z", to: "2026-11-22T09:00:00Z" }, "to:"],
      [{ cursor: "forged" }, "cursor:"],
      [{ limit: "201" }, "limit:"],
      [{ limit: "0" }, "limit:"],
    ];
    for (const [params, field] of bad) {
      const { status, body } = await getAs(users.admin.id, params);
      expect({ params, status, error: body.error }).toEqual({ params, status: 400, error: "bad_request" });
      expect(body.message).toContain(field);
    }
  });

  it("filters and pages for an admin, with emails in place of user ids", async () => {
    const signIns = await getAs(users.admin.id, { trace, action: "user.signed_in", actor: users.admin.email });
    expect(signIns.status).toBe(200);
    expect(signIns.body).toEqual({
      items: [
        expect.objectContaining({ action: "user.signed_in", actorId: users.admin.id, actorEmail: users.admin.email, traceId: trace }),
      ],
      nextCursor: null,
    });

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { data: { step: number } }[]; nextCursor: string | null } } = await getAs(
        users.admin.id,
        {
          trace,
          actor: "agent",
          limit: "3",
          ...(cursor ? { cursor } : {}),
        },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.data.step));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1]);
  });

  it("pages the whole trail newest first at the default page size", async () => {
    const { status, body } = await getAs(users.admin.id);
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThanOrEqual(8); // three user.created events and this file's five
    expect(body.items.length).toBeLessThanOrEqual(50);
    const seqs = body.items.map((e: { seq: string }) => BigInt(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a > b ? -1 : 1)));
  });
});
