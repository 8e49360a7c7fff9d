// db_connection_exhaustion: the database connection pool is exhausted. Either the workload leaks
// connections (pool pinned at max while traffic is flat, leak warnings: restart it), the database
// is slow so every connection is busy, or the server's max_connections is reached after another
// workload scaled out (neither fixed by restarting or scaling this one).
import { alerts } from "../alerts";
import { requestLine } from "../app-logs";
import { poolStats, poolTimeout, leakSign, tooManyClients } from "../db-phrases";
import { addDep, serverLog } from "../deps";
import { addSeries, flat, ramp, step, wlLabels } from "../metrics";
import { repeat, say, write } from "../phrase";
import { scaffold } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { tag } from "../world";
import { pct } from "./common";

export function dbConnectionExhaustion(w: World): Built {
  const { g } = w;
  const variant = g.weighted([
    ["leak", 4],
    ["slow", 3],
    ["server", 3],
  ] as const);
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 7],
      ["StatefulSet", 1],
      ["CronJob", 1],
      ["Pod", 1],
    ],
    runtimes: ["java", "java", "go", "node", "python", "dotnet"],
    replicas: g.int(2, 5),
  });
  const mysql = variant === "server" && g.chance(0.35);
  const dep = addDep(w, mysql ? "mysql" : "postgres", { inCluster: g.chance(0.5) });
  const size = g.pick([5, 10, 20, 30, 50]);
  const waiting = g.int(12, 90);
  const pool = { size, waiting, timeoutMs: g.pick([30000, 10000, 15000, 5000]) };
  const since = w.now - g.int(10, 40) * MIN;
  const labels = wlLabels(t.wl);
  const evidence: string[] = [];
  const forbid: ("restart" | "scale")[] = [];
  const hit = t.wl.job ? t.pods : t.pods.slice(0, g.int(1, t.pods.length));
  if (variant === "server") {
    const e = tooManyClients(g, t.app.runtime, mysql, dep.host);
    for (const pod of hit) repeat(w, pod, t.app, since + g.int(10, 60) * SEC, w.now, g.int(20, 90) * SEC, () => e.lines);
    evidence.push(e.ev);
    const other = `${g.pick(["report", "export", "sync", "etl", "batch"])}-worker`;
    const from = g.int(3, 6);
    const to = from * g.int(3, 6);
    w.changes.push({
      at: iso(since - g.int(1, 4) * MIN),
      kind: "scale",
      namespace: w.ns,
      name: other,
      summary: `${other} scaled from ${from} to ${to} replicas for backfill`,
    });
    evidence.push(`${other} scaled from ${from} to ${to} replicas`);
    tag(w, "confounder:other-workload-scaled");
    if (dep.wl)
      serverLog(
        w,
        mysql ? "mysql" : "postgres",
        dep.wl.app.container,
        dep.wl.pods[0] as PodPlan,
        since,
        Array.from({ length: g.int(3, 8) }, (_, i) => ({
          dt: i * g.int(20, 120) * SEC,
          level: (mysql ? "WARNING" : "FATAL") as "FATAL",
          msg: mysql
            ? `[MY-010914] [Server] Aborted connection ${g.int(10000, 99999)} to db: '${dep.db}' user: 'app' host: '10.0.${g.int(0, 9)}.${g.int(2, 250)}' (Got timeout reading communication packets).`
            : "sorry, too many clients already",
        })),
      );
    addSeries(w, "db_connections_in_use", labels, step(w, g.int(5, size - 2), size, since, 0.02), 0);
    forbid.push("restart", "scale");
  } else {
    const e = poolTimeout(g, t.app.runtime, pool);
    evidence.push(e.ev);
    const stats = poolStats(t.app.runtime, size, size, waiting);
    for (const pod of hit) {
      repeat(w, pod, t.app, since + g.int(10, 60) * SEC, w.now, g.int(20, 80) * SEC, () => [
        ...e.lines,
        requestLine(w, t.app, 500, pool.timeoutMs + g.int(1, 90)),
      ]);
      write(w, pod, t.app, w.now - g.int(30, 200) * SEC, stats.lines);
    }
    evidence.push(stats.ev);
    if (variant === "leak") {
      const leak = leakSign(g, t.app.runtime);
      for (const pod of hit) repeat(w, pod, t.app, since - g.int(30, 90) * MIN, w.now, g.int(5, 20) * MIN, () => leak.lines);
      evidence.push(leak.ev);
      addSeries(w, "db_connections_in_use", labels, ramp(w, Math.round(size * 0.3), size, w.window.start, 0.01), 0);
    } else {
      const secs = g.float(5, 25);
      const slowLine = say("info", `Database call completed in ${secs.toFixed(2)} seconds.`, {
        fields: { query: g.pick(["orders_by_customer", "ledger_balance", "search_items"]) },
      });
      for (const pod of hit) repeat(w, pod, t.app, since, w.now, g.int(30, 120) * SEC, () => [slowLine]);
      evidence.splice(1, 1, `Database call completed in ${secs.toFixed(2)} seconds.`);
      if (dep.wl) {
        const pid = g.int(1000, 60000);
        serverLog(
          w,
          "postgres",
          dep.wl.app.container,
          dep.wl.pods[0] as PodPlan,
          since,
          Array.from({ length: g.int(3, 7) }, (_, i) => ({
            dt: i * g.int(30, 200) * SEC,
            level: "LOG" as const,
            msg:
              i % 2
                ? `duration: ${(secs * 1000 + g.int(0, 900)).toFixed(3)} ms  execute <unnamed>: SELECT * FROM orders WHERE customer_email = $1`
                : `process ${pid} still waiting for ShareLock on transaction ${g.int(100000, 999999)} after 1000.${g.int(10, 99)} ms`,
          })),
        );
      }
      addSeries(w, "db_connections_in_use", labels, step(w, Math.round(size * 0.3), size, since, 0.01), 0);
      forbid.push("restart", "scale");
    }
  }
  if (t.wl.kind === "Deployment") {
    const err = g.float(0.1, 0.6);
    addSeries(w, "request_rate", labels, flat(w, g.int(30, 500), 0.05), 2);
    addSeries(w, "error_ratio", labels, step(w, 0.001, err, since, 0.1), 5);
    addSeries(w, "latency_p99_ms", labels, step(w, g.int(40, 200), pool.timeoutMs * g.float(0.95, 1.02), since, 0.02), 1);
    alerts.app(
      w,
      g.chance(0.7) ? "HighErrorRate" : "HighLatencyP99",
      { deployment: t.wl.name },
      `${w.ns}/${t.wl.name} requests failing`,
      `${pct(err)}% of requests to ${w.ns}/${t.wl.name} failed with 5xx over the last 5 minutes (threshold 5%).`,
      since + g.int(3, 8) * MIN,
      'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
    );
  } else
    alerts.app(
      w,
      variant === "server" && !mysql && g.chance(0.5) ? "PostgresqlTooManyConnections" : "HighErrorLogRate",
      { pod: (hit[0] as PodPlan).name },
      "Database connections exhausted",
      `${w.ns}/${(hit[0] as PodPlan).name} cannot get database connections.`,
      since + g.int(3, 8) * MIN,
      "sum(pg_stat_activity_count) > pg_settings_max_connections * 0.9",
    );
  const what =
    variant === "leak"
      ? "pool drained by leaked connections"
      : variant === "slow"
        ? "pool saturated by slow queries"
        : `${mysql ? "MySQL" : "PostgreSQL"} max connections reached`;
  return {
    title: `${w.ns}/${t.wl.name} (${t.app.framework}): database ${what}`,
    evidence: evidence.slice(0, 3),
    action: variant === "leak" ? "restart" : "none",
    forbid,
  };
}
