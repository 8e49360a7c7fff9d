// Anomaly detection through the real ingest routes, on a real database: normal series stay
// quiet, spikes become anomalies of the right severity, a deploy before one raises it and is
// recorded, baselines live in Postgres (a fresh client and fresh modules carry on from them),
// concurrent batches lose no sample, a replay detects nothing, and error floods are caught.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { createDb } from "@/lib/db/client";
import { LOG_ERRORS_SERIES, WINDOW } from "@/lib/anomaly/config";
import { loadRoutes, newSecret, sender, series, unloadRoutes, type Routes } from "@/lib/testing/anomaly-routes";

let t: TestDb;
let routes: Routes;
let send: ReturnType<typeof sender>;
// Every series lives in the past (the API takes up to 7 days back), ten seconds a point.
const T0 = Math.floor((Date.now() - 20 * 3600_000) / 60_000) * 60_000;
const at = (i: number) => new Date(T0 + i * 10_000).toISOString();

beforeAll(async () => {
  t = await openTestDb();
  routes = await loadRoutes(t.db, t.url);
  send = sender(() => routes, await newSecret(t));
});

afterAll(async () => {
  await unloadRoutes();
  await t?.close();
});

const anomaliesOf = (service: string) => t.db.anomaly.findMany({ where: { service }, orderBy: { at: "asc" } });
const baselineOf = (service: string, name: string) => t.db.metricBaseline.findUniqueOrThrow({ where: { service_name: { service, name } } });

/** 200 points around 100 with σ 10 (never past |z| 1.8), then the given values. */
async function history(service: string, name = "latency_ms", then: number[] = []) {
  const points = series(service, name, T0, 200, { mean: 100, sd: 10 });
  const first = await send("metrics", { points });
  expect(first).toMatchObject({ status: 202, body: { accepted: 200, anomalies: 0 } });
  if (then.length === 0) return first;
  return send("metrics", { points: then.map((value, i) => ({ service, name, value, timestamp: at(200 + i) })) });
}

describe("anomaly detection on ingested metrics", () => {
  it("finds nothing in a normal series, and one anomaly per spike with the severity of its z", async () => {
    const service = unique("checkout");
    await history(service);
    expect(await anomaliesOf(service)).toEqual([]);
    const b = await baselineOf(service, "latency_ms");
    expect(b).toMatchObject({ count: 200, total: 200n, episode: null });
    expect(b.ring.byteLength).toBe(200 * 8);

    // σ ≈ 10: 127–129 is z ≈ 2.8 (medium) three samples running; a lone drop to 62 is z ≈ −3.8
    // (high), a lone 160 z ≈ 6 (critical); normal in between ends each episode.
    const calm = [100, 100, 100, 100, 100];
    const spikes = await send("metrics", {
      points: [127, 129, 128, ...calm, 62, ...calm, 160, ...calm].map((value, i) => ({
        service,
        name: "latency_ms",
        value,
        timestamp: at(300 + i),
      })),
    });
    // The lone high sample is noise's share (0.27% of samples pass z = 3): no row. A sustained
    // episode, and a critical one, are anomalies.
    expect(spikes).toMatchObject({ status: 202, body: { accepted: 20, anomalies: 2 } });
    const found = await anomaliesOf(service);
    expect(found.map((a) => [a.value, a.severity, a.kind, a.metric, a.samples])).toEqual([
      [129, "medium", "metric", "latency_ms", 3],
      [160, "critical", "metric", "latency_ms", 1],
    ]);
    expect(found[1]!.mean).toBeGreaterThan(95);
    expect(found[1]!.mean).toBeLessThan(105);
    expect(found[1]!.stddev).toBeGreaterThan(8);
    // Each ended after five normal samples; neither opens an incident (medium is below the
    // incident level; a single critical point is not sustained).
    expect(found.every((a) => a.endedAt !== null && !a.alerting && a.incidentId === null)).toBe(true);
    // The lone high sample still moved the series' state and joined its window.
    expect((await baselineOf(service, "latency_ms")).total).toBe(220n);
  });

  it("keeps baselines in Postgres: a fresh client with fresh modules carries on from them", async () => {
    const service = unique("payments");
    await history(service);
    // "Restart": new connection pool, new Prisma client, module state reloaded.
    const fresh = createDb(t.url, t.kind === "embedded" ? 1 : 4);
    try {
      routes = await loadRoutes(fresh.db, t.url);
      const res = await send("metrics", { points: [{ service, name: "latency_ms", value: 170, timestamp: at(200) }] });
      expect(res.body).toMatchObject({ anomalies: 1 });
      const [a] = await anomaliesOf(service);
      expect(a).toMatchObject({ value: 170, severity: "critical" });
      expect(a!.mean).toBeGreaterThan(95);
      expect((await baselineOf(service, "latency_ms")).total).toBe(201n);
    } finally {
      routes = await loadRoutes(t.db, t.url);
      await fresh.db.$disconnect();
      await fresh.pool.end();
    }
  });

  it("raises the severity of an anomaly after a deploy of the same service and records the deploy", async () => {
    const name = unique("cart");
    const service = `shop/${name}`;
    const other = unique("cart");
    await history(service);
    await history(other);
    const spikeAt = T0 + 200 * 10_000;
    const deploy = (svc: string, minutesBefore: number, id: string) => ({
      id,
      service: svc,
      kind: "deploy",
      version: "2.3.1",
      actor: "alice",
      summary: `deploy ${id}`,
      timestamp: new Date(spikeAt - minutesBefore * 60_000).toISOString(),
    });
    // Ours by its bare name, 10 minutes before; another namespace's, and one 40 minutes before, do not count.
    expect(
      (await send("changes", { changes: [deploy(name, 10, "ours"), deploy(`other/${name}`, 5, "theirs"), deploy(name, 40, "old")] }))
        .status,
    ).toBe(202);
    // z ≈ 3.4: high on its own.
    const spike = (svc: string) =>
      send("metrics", { points: [{ service: svc, name: "latency_ms", value: 134, timestamp: new Date(spikeAt).toISOString() }] });
    await spike(service);
    await spike(other);
    const [ours] = await anomaliesOf(service);
    const ourDeploy = await t.db.changeEvent.findFirstOrThrow({ where: { service: name, summary: "deploy ours" } });
    expect(ours).toMatchObject({ severity: "critical", changeId: ourDeploy.id });
    // Without the deploy the same lone high sample is not an anomaly at all.
    expect(await anomaliesOf(other)).toEqual([]);
  });

  it("loses no sample to concurrent batches on the same series", async () => {
    const service = unique("search");
    const batches = Array.from({ length: 8 }, (_, b) =>
      series(service, "rps", T0 + b * 250 * 10_000, 250, { mean: 50, sd: 5, seed: b + 1 }),
    );
    const results = await Promise.all(batches.map((points) => send("metrics", { points })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(202));
    const b = await baselineOf(service, "rps");
    expect(b.total).toBe(2000n);
    expect(b.count).toBe(WINDOW);
    expect(b.ring.byteLength).toBe(WINDOW * 8);
    expect(await t.db.metricPoint.count({ where: { service } })).toBe(2000);
  });

  it("detects nothing new when a batch is replayed with its Idempotency-Key", async () => {
    const service = unique("auth");
    await history(service);
    const batch = { points: [{ service, name: "latency_ms", value: 190, timestamp: at(200) }] };
    const headers = { "idempotency-key": unique("batch") };
    const first = await send("metrics", batch, headers);
    const again = await send("metrics", batch, headers);
    expect(first.body).toEqual({ accepted: 1, anomalies: 1 });
    expect(again.body).toEqual({ accepted: 1, anomalies: 1 });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await anomaliesOf(service)).toHaveLength(1);
    expect((await baselineOf(service, "latency_ms")).total).toBe(201n);
  });

  it("refuses a bad batch whole, leaving the baseline as it was", async () => {
    const service = unique("inventory");
    await history(service);
    const bad = await send("metrics", {
      points: [
        { service, name: "latency_ms", value: 500, timestamp: at(200) },
        { service, name: "latency_ms", value: "NaN", timestamp: at(201) },
      ],
    });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringContaining("points[1].value") } });
    expect((await baselineOf(service, "latency_ms")).total).toBe(200n);
    expect(await anomaliesOf(service)).toEqual([]);
  });
});

describe("error-rate spikes in ingested logs", () => {
  const minute = (m: number, s = 0) => new Date(T0 + m * 60_000 + s * 1000).toISOString();
  const entries = (service: string, m: number, errors: number, infos = 2) => [
    ...Array.from({ length: errors }, (_, i) => ({
      service,
      level: i % 5 === 4 ? "fatal" : "error",
      message: `payment failed #${i}`,
      timestamp: minute(m, i % 60),
    })),
    ...Array.from({ length: infos }, (_, i) => ({ service, level: "info", message: "ok", timestamp: minute(m, 30 + i) })),
  ];

  it("ignores a steady trickle of errors and catches a flood within its minute", async () => {
    const service = unique("orders");
    // 40 minutes of 0 to 3 errors a minute, one batch per 10 minutes.
    for (let block = 0; block < 4; block++) {
      const batch = Array.from({ length: 10 }, (_, k) => entries(service, block * 10 + k, (block * 10 + k) % 4)).flat();
      expect((await send("logs", { entries: batch })).body).toMatchObject({ anomalies: 0 });
    }
    expect(await anomaliesOf(service)).toEqual([]);
    const b = await baselineOf(service, LOG_ERRORS_SERIES);
    // Minutes 0..38 are closed and fed; minute 39 is still open.
    expect(b.count).toBe(39);
    expect(b.lastAt).toEqual(new Date(minute(38)));

    // Minute 40: half a minute of errors, sent in two batches: the first already is a flood.
    const flood = entries(service, 40, 60, 0);
    const first = await send("logs", { entries: flood.slice(0, 30) });
    expect(first.body).toMatchObject({ anomalies: 1 });
    const second = await send("logs", { entries: flood.slice(30) });
    expect(second.body).toMatchObject({ anomalies: 0 });
    const [spike] = await anomaliesOf(service);
    expect(spike).toMatchObject({
      kind: "log_errors",
      metric: LOG_ERRORS_SERIES,
      severity: "critical",
      at: new Date(minute(40)),
      endedAt: null,
    });
    // The peak follows the open minute as it fills up.
    expect(spike!.value).toBe(60);
    expect(spike!.mean).toBeLessThan(2);
    expect(
      await t.db.logErrorMinute.findUniqueOrThrow({ where: { service_minute: { service, minute: new Date(minute(40)) } } }),
    ).toMatchObject({ errors: 60 });
  });

  it("counts silent minutes as zero and ends the episode after five normal minutes", async () => {
    const service = unique("mailer");
    const quiet = Array.from({ length: 20 }, (_, m) => entries(service, m, 0, 1)).flat();
    await send("logs", { entries: quiet });
    await send("logs", { entries: entries(service, 20, 40, 0) });
    expect(await anomaliesOf(service)).toMatchObject([{ severity: "critical", endedAt: null }]);
    // The next entry is 7 minutes later: minute 20 (the flood) and six silent minutes are fed.
    await send("logs", { entries: entries(service, 27, 0, 1) });
    const [ended] = await anomaliesOf(service);
    expect(ended!.endedAt).toEqual(new Date(minute(25)));
    expect((await baselineOf(service, LOG_ERRORS_SERIES)).count).toBe(27);
  });
});
