// The webhook as Alertmanager meets it, on both servers that answer it: the Next.js route and
// the ingest port's bare listener (VIGIL_INGEST_PORT, lib/alerts/ingest-listener.ts). Auth
// before parsing, size, depth and label limits, validation with a named field, idempotent
// storage, and 503 (retry) only when the database is down.
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { freePort } from "@/lib/db/embedded";

const TOKEN = "test-webhook-token-0123456789";
let t: TestDb;

type Served = "route" | "ingest port";
let listener: Server | null = null;

async function closeListener() {
  const open = listener;
  listener = null;
  if (open) await new Promise((resolve) => open.close(resolve));
}

/** POST as the given server answers it: the route handler called directly, or the listener over HTTP. */
async function loadRoute(env: Record<string, string | undefined>, served: Served): Promise<{ POST: (r: Request) => Promise<Response> }> {
  vi.resetModules();
  // The database client is a process-wide singleton: drop it so the new DATABASE_URL applies.
  delete (globalThis as { vigilDb?: unknown }).vigilDb;
  await stopBoss();
  await closeListener();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v as string);
  if (served === "route") return import("@/app/api/webhooks/alertmanager/route");
  const { startIngestListener, WEBHOOK_PATH } = await import("@/lib/alerts/ingest-listener");
  const port = await freePort();
  listener = await startIngestListener(port, "127.0.0.1");
  return {
    POST: (request) =>
      fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        duplex: "half",
      } as RequestInit),
  };
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
  await closeListener();
  await stopBoss();
  vi.unstubAllEnvs();
  await t?.close();
});

describe.each<Served>(["route", "ingest port"])("POST /api/webhooks/alertmanager (%s)", (served) => {
  it("refuses everything when no token is configured", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: "" }, served);
    const response = await POST(post(JSON.stringify(payload(unique("ns")))));
    expect(response.status).toBe(503);
    expect((await response.json()).message).toMatch(/VIGIL_WEBHOOK_TOKEN is not set/);
  });

  it("answers 401 to a missing or wrong token without reading the body", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN }, served);
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const stream = () => new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    // Over HTTP a body must end for the request to be sent: there, a finite one.
    const body = () => (served === "route" ? stream() : JSON.stringify(payload(unique("ns"))));
    const refused = await POST(post(body(), { authorization: "" }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="vigil"');
    expect((await POST(post(body(), { authorization: `Bearer ${TOKEN}x` }))).status).toBe(401);
    // Over HTTP the client sends the body whatever the server does; called directly, nobody read it.
    if (served === "route") expect(pulled).toBe(false);
  });

  it("answers 413 beyond the body limit and 400 naming the bad field, storing nothing", async () => {
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN, VIGIL_WEBHOOK_MAX_BYTES: "2048" }, served);
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
    const { POST } = await loadRoute(
      { DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN, VIGIL_WEBHOOK_MAX_BYTES: String(1024 * 1024) },
      served,
    );
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
    const { POST } = await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN }, served);
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
    const { POST } = await loadRoute({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", VIGIL_WEBHOOK_TOKEN: TOKEN }, served);
    const response = await POST(post(JSON.stringify(payload(unique("ns")))));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });
});

describe("the ingest port", () => {
  it("serves the webhook only, and answers 413 to a streamed body past the limit before closing", async () => {
    await loadRoute({ DATABASE_URL: t.url, VIGIL_WEBHOOK_TOKEN: TOKEN, VIGIL_WEBHOOK_MAX_BYTES: "4096" }, "ingest port");
    const { port } = listener!.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const other = await fetch(`${base}/api/incidents`);
    expect(other.status).toBe(404);
    expect((await other.json()).message).toBe("this port serves POST /api/webhooks/alertmanager only");
    const get = await fetch(`${base}/api/webhooks/alertmanager`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    // Chunked, no Content-Length: refused once the limit is crossed, and the answer still arrives.
    const namespace = unique("ns");
    const chunks = [JSON.stringify(payload(namespace)).slice(0, -1), `, "pad": "${"x".repeat(8192)}"}`];
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const response = await fetch(`${base}/api/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe("payload_too_large");
    expect(await t.db.incident.count({ where: { namespace } })).toBe(0);
  });
});
