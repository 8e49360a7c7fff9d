// disk_full: a volume is out of space: a database StatefulSet whose data volume filled (WAL,
// binlog, log segments, RDB snapshots), or an app writing to its PVC (spool, cache, exports).
// The PVC sits at ~100% in disk_used_ratio and the writers say "No space left on device".
import { alerts } from "../alerts";
import { startupLines } from "../app-logs";
import { addDep, serverLog } from "../deps";
import { addPvc } from "../k8s-objects";
import { addSeries, podLabels, ramp } from "../metrics";
import { repeat, say, write, phrase, type Phrase } from "../phrase";
import type { Runtime } from "../runtimes";
import { scaffold, type Target } from "../scaffold";
import { MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { crash, statusAlert } from "./common";
import { failJob } from "./job";

function enospc(rt: Runtime, file: string): Phrase {
  const m = {
    go: `flush segment: write ${file}: no space left on device`,
    java: `Failed to write ${file}: java.io.IOException: No space left on device`,
    node: `ENOSPC: no space left on device, write '${file}'`,
    python: `OSError: [Errno 28] No space left on device: '${file}'`,
    dotnet: `System.IO.IOException: No space left on device : '${file}'`,
    nginx: `pwrite() "${file}" failed (28: No space left on device)`,
  }[rt];
  return phrase(
    [say("error", m)],
    rt === "go" ? "no space left on device" : rt === "node" ? "ENOSPC: no space left on device" : "No space left on device",
  );
}

function volumeSeries(w: World, pod: PodPlan, since: number): void {
  addSeries(w, "disk_used_ratio", podLabels(pod), (t) => Math.min(1, ramp(w, 0.9, 1.0, since - 20 * MIN, 0.002)(t, 0)), 4);
}

function databaseCase(w: World): Built {
  const { g } = w;
  const kind = g.pick(["postgres", "mysql", "kafka", "redis"] as const);
  const dep = addDep(w, kind, { inCluster: true });
  const wl = dep.wl;
  if (!wl) throw new Error("in-cluster dependency without a workload");
  w.target = wl;
  const pod = wl.pods[0] as PodPlan;
  const since = w.now - g.int(10, 40) * MIN;
  const lines = {
    postgres: {
      level: "PANIC" as const,
      msg: `could not write to file "pg_wal/xlogtemp.${g.int(30, 400)}": No space left on device`,
      ev: "No space left on device",
    },
    mysql: {
      level: "ERROR" as const,
      msg: `[MY-000035] [Server] Disk is full writing './binlog.${String(g.int(100, 999)).padStart(6, "0")}' (OS errno 28 - No space left on device). Waiting for someone to free space... Retry in 60 secs. Write of ${g.int(100, 9000)} bytes failed with error 28.`,
      ev: "Disk is full writing",
    },
    kafka: {
      level: "ERROR" as const,
      msg: `Error while appending records to orders-${g.int(0, 11)} in dir /bitnami/kafka/data (org.apache.kafka.storage.internals.log.LogDirFailureChannel)\njava.io.IOException: No space left on device`,
      ev: "No space left on device",
    },
    redis: { level: "ERROR" as const, msg: "Write error saving DB on disk: No space left on device", ev: "Write error saving DB on disk" },
  }[kind];
  const crashes = kind === "postgres" || kind === "kafka";
  if (crashes) {
    const k = crash(w, pod, wl.app.container, { reason: "Error", exitCode: 1, since, runMs: () => g.int(3, 30) * SEC });
    serverLog(
      w,
      kind,
      wl.app.container,
      pod,
      k.lastStart,
      [
        {
          dt: 100,
          level: "LOG",
          msg:
            kind === "postgres"
              ? "database system was interrupted; last known up at " + new Date(since).toISOString().slice(0, 19).replace("T", " ") + " UTC"
              : "[KafkaServer id=0] starting (kafka.server.KafkaServer)",
        },
        { dt: k.lastEnd - k.lastStart - 500, level: lines.level, msg: lines.msg },
      ],
      true,
    );
  } else {
    const start = pod.createdAt + 5 * SEC;
    serverLog(w, kind, wl.app.container, pod, start, [
      {
        dt: 200,
        level: "LOG",
        msg:
          kind === "redis"
            ? "Ready to accept connections tcp"
            : "[MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.39'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
      },
    ]);
    for (let x = since; x < w.now; x += g.int(60, 180) * SEC)
      serverLog(w, kind, wl.app.container, pod, x, [{ dt: 0, level: lines.level, msg: lines.msg }]);
  }
  volumeSeries(w, pod, since);
  const pvc = `data-${pod.name}`;
  if (g.chance(0.6)) alerts.pvFilling(w, pvc, Number(g.float(0, 1.5).toFixed(1)), since + g.int(1, 5) * MIN);
  else
    statusAlert(
      w,
      { wl, app: wl.app, pods: wl.pods, kind: "StatefulSet", version: "", build: () => ({ containers: [], init: [] }) },
      pod,
      since + 5 * MIN,
      { crashing: crashes },
    );
  return {
    title: `${w.ns}/${wl.name}: ${kind} data volume ${pvc} is full`,
    evidence: [lines.ev, ...(lines.ev === "No space left on device" ? [] : ["No space left on device"])],
  };
}

function appCase(w: World): Built {
  const { g } = w;
  const t: Target = scaffold(w, {
    kinds: [
      ["StatefulSet", 3],
      ["Deployment", 2],
      ["Job", 1],
      ["Pod", 1],
    ],
    replicas: 1,
  });
  const mount = g.pick(["/data", "/var/spool/app", "/var/cache/app", "/exports"]);
  const file =
    t.app.runtime === "nginx"
      ? `/var/cache/nginx/proxy_temp/${g.int(1, 9)}/${g.int(10, 99)}/00000${g.int(10000, 99999)}`
      : `${mount}/${g.pick(["segment", "batch", "chunk", "export"])}-${g.int(1000, 99999)}.${g.pick(["log", "csv", "parquet", "bin"])}`;
  const e = enospc(t.app.runtime, file);
  const claim = t.wl.kind === "StatefulSet" ? `data-${t.wl.name}-0` : `${t.wl.name}-data`;
  addPvc(w, claim, g.pick([5, 10, 20, 50]), t.wl.labels, t.wl.createdAt);
  t.wl.podSpec.volumes = [{ name: "data", persistentVolumeClaim: { claimName: claim } }];
  for (const p of t.pods) p.spec.volumes = t.wl.podSpec.volumes;
  const since = w.now - g.int(10, 40) * MIN;
  const pod = t.pods[0] as PodPlan;
  if (t.wl.job)
    failJob(w, t, {
      reason: "Error",
      exitCode: 1,
      runMs: () => g.int(20, 120) * SEC,
      log: (a) => write(w, a.pod, t.app, a.start + 10 * SEC, [say("info", `writing ${file}`), ...e.lines], { gapMs: g.int(5, 60) * SEC }),
    });
  else if (g.chance(0.5)) {
    const k = crash(w, pod, t.app.container, { reason: "Error", exitCode: 1, since, runMs: () => g.int(5, 60) * SEC });
    const x = write(w, pod, t.app, k.lastStart + SEC, startupLines(w, t.app, t.version), { previous: true });
    write(w, pod, t.app, x + g.int(1, 10) * SEC, e.lines, { previous: true });
    statusAlert(w, t, pod, since + 5 * MIN, { crashing: true });
  } else {
    repeat(w, pod, t.app, since, w.now, g.int(30, 120) * SEC, () => e.lines);
    if (g.chance(0.6)) alerts.pvFilling(w, claim, Number(g.float(0, 2).toFixed(1)), since + 2 * MIN);
    else
      alerts.app(
        w,
        "HighErrorLogRate",
        { pod: pod.name },
        "Error log rate high",
        `Pod ${w.ns}/${pod.name} logs more than 10 errors per minute.`,
        since + 4 * MIN,
        'sum(rate(log_messages_total{level="error"}[5m])) > 0.16',
        "warning",
      );
  }
  volumeSeries(w, pod, since);
  return { title: `${w.ns}/${t.wl.name}: volume ${claim} out of space`, evidence: [e.ev] };
}

export function diskFull(w: World): Built {
  return w.g.chance(0.5) ? databaseCase(w) : appCase(w);
}
