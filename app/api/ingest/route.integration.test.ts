// The ingestion API with real API keys: a key's lifecycle (create → use → revoke → 401),
// scopes, idempotent resends, validation that names the field, the body limit, and the rows
// that land. Keys are created through the domain function an admin's request calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { createUser } from "@/lib/auth/users";
import { createApiKey, revokeApiKey } from "@/lib/ingest/keys";
import type { ApiKeyScope } from "@/lib/ingest/schemas";

type Post = (request: Request) => Promise<Response>;
let t: TestDb;
const routes: Record<"metrics" | "logs" | "changes", Post> = {} as never;
let adminId: string;

beforeAll(async () => {
  t = await openTestDb();
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  routes.metrics = (await import("@/app/api/ingest/metrics/route")).POST;
  routes.logs = (await import("@/app/api/ingest/logs/route")).POST;
  routes.changes = (await import("@/app/api/ingest/changes/route")).POST;
  adminId = (
    await createUser(t.db, { email: `${unique("admin")}@vigil.test`, password: "correct-horse-battery", role: "admin" }, { type: "system" })
  ).id;
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

async function newKey(scopes: ApiKeyScope[]) {
  return createApiKey(t.db, { name: unique("key"), scopes }, adminId);
}

async function send(kind: keyof typeof routes, secret: string | null, body: unknown, headers: Record<string, string> = {}) {
  const request = new Request(`http://vigil.test/api/ingest/${kind}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await routes[kind](request);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const at = () => new Date().toISOString();

describe("POST /api/ingest/*", () => {
  it("takes points with a valid key, stores them, and refuses the key once revoked", async () => {
    const { key, secret } = await newKey(["ingest:metrics"]);
    expect(secret).toMatch(/^vgk_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(secret.slice(0, 8));
    const service = unique("checkout");
    const points = [1, 2, 3].map((v) => ({ service, name: "http_latency_ms", value: v * 10, labels: { pod: "a" }, timestamp: at() }));
    expect(await send("metrics", secret, { points })).toMatchObject({ status: 202, body: { accepted: 3 } });

    const stored = await t.db.metricPoint.findMany({ where: { service }, orderBy: { value: "asc" } });
    expect(stored.map((p) => p.value)).toEqual([10, 20, 30]);
    expect(stored[0]).toMatchObject({ name: "http_latency_ms", labels: { pod: "a" } });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toBeInstanceOf(Date);

    await revokeApiKey(t.db, key.id, adminId);
    const refused = await send("metrics", secret, { points });
    expect(refused).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(refused.headers.get("www-authenticate")).toContain("Bearer");
    expect(await t.db.metricPoint.count({ where: { service } })).toBe(3);
  });

  it("answers 401 without a key or with an unknown one", async () => {
    const body = { points: [{ service: "s", name: "m", value: 1, timestamp: at() }] };
    expect((await send("metrics", null, body)).status).toBe(401);
    expect((await send("metrics", "vgk_not-a-real-key", body)).status).toBe(401);
    expect((await send("metrics", "something-else", body)).status).toBe(401);
  });

  it("answers 403 to a key without the endpoint's scope", async () => {
    const { secret } = await newKey(["ingest:logs"]);
    const res = await send("metrics", secret, { points: [{ service: "s", name: "m", value: 1, timestamp: at() }] });
    expect(res).toMatchObject({ status: 403, body: { error: "forbidden", message: expect.stringContaining("ingest:metrics") } });
    const service = unique("api");
    expect(await send("logs", secret, { entries: [{ service, level: "error", message: "boom", timestamp: at() }] })).toMatchObject({
      status: 202,
      body: { accepted: 1 },
    });
    expect(await t.db.logEntry.findFirst({ where: { service } })).toMatchObject({ level: "error", message: "boom", labels: {} });
  });

  it("replays the first answer to a resend with the same Idempotency-Key and stores the batch once", async () => {
    const { secret } = await newKey(["ingest:metrics", "ingest:changes"]);
    const service = unique("payments");
    const points = [
      { service, name: "errors", value: 1, timestamp: at() },
      { service, name: "errors", value: 2, timestamp: at() },
    ];
    const idem = { "idempotency-key": unique("batch") };
    const first = await send("metrics", secret, { points }, idem);
    const again = await send("metrics", secret, { points }, idem);
    expect(first).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(again).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await t.db.metricPoint.count({ where: { service } })).toBe(2);

    // A change is stored once even when resent without the header: its id (or content) is its identity.
    const change = {
      id: unique("deploy"),
      service,
      kind: "deploy",
      version: "v2",
      commit: "abc123",
      actor: "ci",
      summary: "deploy v2",
      timestamp: at(),
    };
    expect((await send("changes", secret, { changes: [change] })).status).toBe(202);
    expect((await send("changes", secret, { changes: [change] })).status).toBe(202);
    expect(await t.db.changeEvent.findMany({ where: { service } })).toMatchObject([
      { kind: "deploy", version: "v2", commit: "abc123", actor: "ci" },
    ]);
  });

  it("answers 400 naming the field and its index", async () => {
    const { secret } = await newKey(["ingest:metrics", "ingest:changes"]);
    const ok = { service: "s", name: "m", value: 1, timestamp: at() };
    const bad = await send("metrics", secret, { points: [ok, ok, ok, { ...ok, value: "high" }] });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: "bad_request", message: expect.stringMatching(/^points\[3\]\.value: .*expected number/) },
    });
    const old = await send("metrics", secret, { points: [{ ...ok, timestamp: "2020-01-01T00:00:00Z" }] });
    expect(old.body.message).toBe("points[0].timestamp: older than 7 days");
    const kind = await send("changes", secret, { changes: [{ service: "s", kind: "reboot", summary: "x", timestamp: at() }] });
    expect(kind).toMatchObject({ status: 400, body: { message: expect.stringContaining("changes[0].kind") } });
    const tooMany = await send("metrics", secret, { points: Array.from({ length: 5001 }, () => ok) });
    expect(tooMany).toMatchObject({ status: 400, body: { message: expect.stringContaining("points:") } });
    expect((await send("metrics", secret, "{not json")).status).toBe(400);
  });

  it("answers 413 to a body over 1 MB", async () => {
    const { secret } = await newKey(["ingest:logs"]);
    const res = await send("logs", secret, { entries: [{ service: "s", level: "info", message: "x".repeat(1_100_000), timestamp: at() }] });
    expect(res).toMatchObject({ status: 413, body: { error: "payload_too_large" } });
  });
});
