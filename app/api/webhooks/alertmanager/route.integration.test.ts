// The webhook route as Alertmanager meets it: auth before parsing, size, depth and label
// limits, validation with a named field, idempotent storage, and 503 (retry) only when the
// database is down.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";

const TOKEN = "test-webhook-token-0123456789";
let t: TestDb;

async function loadRoute(env: Record<string, string | undefined>) {
  vi.resetModules();
  // The database client is a process-wide singleton: drop it so the new DATABASE_URL applies.
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await stopBoss();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v as string);
  return import("@/app/api/webhooks/alertmanager/route");
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request("http://vigil.test/api/webhooks/alertmanager", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
    duplex: "half",
  } as RequestInit);
}

const payload = (namespace: string) =>
  alertmanagerPayload({
    groupLabels: { alertname: "HighErrorRate", namespace },
    alerts: [
      {
        labels: { alertname: "HighErrorRate", namespace, deployment: "api", severity: "critical" },
        startsAt: new Date("2026-11-22T03:00:00Z"),
      },
      {
        labels: { alertname: "HighErrorRate", namespace, deployment: "web", severity: "warning" },
        startsAt: new Date("2026-11-22T03:00:00Z"),
      },
    ],
  });

beforeAll(async () => {
  t = await openTestDb();
});
// The route starts a job queue on first use; each module reload gets its own.
async function stopBoss() {
  const holder = globalThis as { vigilBoss?: Promise<{ stop(o: object): Promise<void> }> };
  const boss = await holder.vigilBoss?.catch(() => undefined);
  delete holder.vigilBoss;
  await boss?.stop({ graceful: false, wait: true });
}

afterAll(async () => {
  await stopBoss();
  vi.unstubAllEnvs();
  await t?.close();
});

describe("POST /api/webhooks/alertmanager", () => {
  it("refuses everything when no token is configured", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: "" });
    const response = await POST(post(JSON.stringify(payload(unique("ns")))));
    expect(response.status).toBe(503);
    expect((await response.json()).message).toMatch(/VIGIL_WEBHOOK_TOKEN is not set/);
  });

  it("answers 401 to a missing or wrong token without reading the body", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN });
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    expect((await POST(post(body, { authorization: "" }))).status).toBe(401);
    expect((await POST(post(body, { authorization: `Bearer ${TOKEN}x` }))).status).toBe(401);
    expect(pulled).toBe(false);
  });

  it("answers 413 beyond the body limit and 400 naming the bad field, storing nothing", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN, VIGIL_WEBHOOK_MAX_BYTES: "2048" });
    const namespace = unique("ns");
    const big = payload(namespace);
    big.commonAnnotations = { description: "x".repeat(4096) };
    expect((await POST(post(JSON.stringify(big)))).status).toBe(413);
    const bad = payload(namespace) as unknown as { alerts: { status: string }[] };
    bad.alerts[1]!.status = "burning";
    const response = await POST(post(JSON.stringify(bad)));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain("alerts[1].status");
    expect(await t.db.incident.count({ where: { namespace } })).toBe(0);
  });

  it("answers 400 naming the limit to deep nesting and to a flood of labels, storing nothing", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN, VIGIL_WEBHOOK_MAX_BYTES: String(1024 * 1024) });
    const namespace = unique("ns");
    // A 500 here would be retried by Alertmanager for ever: these are the sender's fault.
    const deep = payload(namespace) as unknown as { alerts: Record<string, unknown>[] };
    deep.alerts[0]!.extra = "__DEEP__";
    const nested = await POST(post(JSON.stringify(deep).replace('"__DEEP__"', "[".repeat(10_000) + "]".repeat(10_000))));
    expect(nested.status).toBe(400);
    expect((await nested.json()).message).toMatch(/deeper than 64 levels/);
    const flood = payload(namespace);
    flood.alerts[0]!.labels = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`l${i}`, "v"]));
    const labels = await POST(post(JSON.stringify(flood)));
    expect(labels.status).toBe(400);
    expect((await labels.json()).message).toContain("alerts[0].labels: at most 128 labels");
    expect(await t.db.incident.count({ where: { namespace } })).toBe(0);
  });

  it("stores a notification once however often it arrives", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN });
    const namespace = unique("ns");
    const body = JSON.stringify(payload(namespace));
    const first = await POST(post(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "accepted", openedIncident: true, stored: 2, duplicates: 0 });
    const again = await (await POST(post(body))).json();
    expect(again).toMatchObject({ openedIncident: false, stored: 0, duplicates: 2 });
    const incident = await t.db.incident.findFirstOrThrow({ where: { namespace }, include: { alerts: true } });
    expect(incident.alerts).toHaveLength(2);
    expect(incident.severity).toBe("critical");
    // Its investigation was queued once, in the same transaction, keyed by the incident.
    const jobs = await t.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'investigate' AND singleton_key = $1`,
      incident.id,
    );
    expect(jobs[0]!.n).toBe(1);
  });

  it("answers 503 with Retry-After when the database is unreachable", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", VIGIL_WEBHOOK_TOKEN: TOKEN });
    const response = await POST(post(JSON.stringify(payload(unique("ns")))));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });
});
