// The lineage and trace lookup routes: any signed-in user, 401 without a session, 404 for an
// unknown incident or trace, 400 for something that is not a trace id. The session is the
// only thing stubbed; the incident and its alert are real rows.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { createUser } from "@/lib/auth/users";
import { newTraceId } from "@/lib/tracing/trace-context";

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId, sv: 0 } } : null),
}));

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

let t: TestDb;
let lineageGET: Handler<{ id: string }>;
let traceGET: Handler<{ traceId: string }>;
let viewer: string;
const incident = { id: "", traceId: newTraceId(), number: 0 };

beforeAll(async () => {
  t = await openTestDb();
  // The routes read the process-wide client: make it this file's database.
  (globalThis as { vigilDb?: unknown }).vigilDb = t.db;
  ({ GET: lineageGET } = await import("@/app/api/incidents/[id]/lineage/route"));
  ({ GET: traceGET } = await import("@/app/api/trace/[traceId]/route"));
  viewer = (
    await createUser(
      t.db,
      { email: `${unique("viewer")}@vigil.test`, password: "correct-horse-battery", role: "viewer" },
      { type: "system" },
    )
  ).id;
  const created = await t.db.incident.create({
    data: {
      title: "HighErrorRate on shop/checkout-api",
      groupKey: unique("group"),
      traceId: incident.traceId,
      alerts: {
        create: {
          fingerprint: unique("fp"),
          startsAt: new Date(),
          status: "firing",
          alertname: "HighErrorRate",
          severity: "critical",
          labels: { namespace: "shop" },
          annotations: {},
          raw: { labels: { alertname: "HighErrorRate" } },
        },
      },
    },
  });
  Object.assign(incident, { id: created.id, number: created.number });
});

afterAll(async () => {
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await t?.close();
});

async function call<P>(handler: Handler<P>, params: P, userId: string | null = viewer) {
  session.userId = userId;
  const response = await handler(new Request("http://vigil.test/"), { params: Promise.resolve(params) });
  return { status: response.status, body: await response.json() };
}

describe("GET /api/incidents/[id]/lineage", () => {
  it("answers a viewer with the incident's nodes", async () => {
    const { status, body } = await call(lineageGET, { id: incident.id });
    expect(status).toBe(200);
    expect(body.incident).toMatchObject({ id: incident.id, traceId: incident.traceId });
    expect(body.nodes).toEqual([
      expect.objectContaining({ kind: "alert", title: "HighErrorRate", parents: [], traceId: incident.traceId }),
    ]);
  });

  it("answers 401 without a session and 404 for an unknown incident", async () => {
    expect(await call(lineageGET, { id: incident.id }, null)).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(await call(lineageGET, { id: "no-such-incident" })).toMatchObject({ status: 404, body: { error: "not_found" } });
  });
});

describe("GET /api/trace/[traceId]", () => {
  it("leads a trace id — bare, as the annotation, or as the field manager — to its incident", async () => {
    for (const traceId of [
      incident.traceId,
      incident.traceId.toUpperCase(),
      `vigil-${incident.traceId}`,
      encodeURIComponent(`vigil.dev/trace-id=${incident.traceId}`),
    ]) {
      expect(await call(traceGET, { traceId })).toEqual({
        status: 200,
        body: {
          traceId: incident.traceId,
          incidentId: incident.id,
          number: incident.number,
          title: "HighErrorRate on shop/checkout-api",
          lineageUrl: `/incidents/${incident.id}/lineage`,
        },
      });
    }
  });

  it("answers 400 for what is not a trace id, 404 for an unknown one, 401 without a session", async () => {
    expect(await call(traceGET, { traceId: "not-a-trace" })).toMatchObject({
      status: 400,
      body: { error: "bad_request", message: expect.stringContaining("32 hexadecimal") },
    });
    expect(await call(traceGET, { traceId: newTraceId() })).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(await call(traceGET, { traceId: incident.traceId }, null)).toMatchObject({ status: 401 });
  });
});
