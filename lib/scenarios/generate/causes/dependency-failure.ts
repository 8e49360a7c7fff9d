// dependency_failure: a database, cache, broker or API the app calls is down or times out. The
// evidence may live in the dependency's own pods (crash-looping, its own log) and in the app's
// log naming the peer. A CPU spike from a retry storm is a symptom, not the cause.
import { alerts } from "../alerts";
import { addDep, serverLog, type Dep } from "../deps";
import { depCrash } from "../dep-failures";
import { addSeries, podLabels, step, wlLabels } from "../metrics";
import { netError } from "../net";
import { repeat, say, write, type NetMode, type PeerKind } from "../phrase";
import { scaffold } from "../scaffold";
import { MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { tag } from "../world";
import { crash, pct } from "./common";
import { failJob } from "./job";
import { rollout, rolloutChange } from "./rollout";

export function dependencyFailure(w: World): Built {
  const { g } = w;
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 7],
      ["StatefulSet", 1],
      ["Job", 1],
      ["CronJob", 1],
      ["Pod", 1],
    ],
    replicas: g.int(2, 5),
  });
  const kind: PeerKind =
    t.app.runtime === "nginx"
      ? "http"
      : g.weighted([
          ["postgres", 4],
          ["mysql", 2],
          ["redis", 2],
          ["kafka", 2],
          ["http", 3],
        ] as const);
  const inCluster = kind !== "http" && g.chance(0.65);
  const dep: Dep = addDep(w, kind, { inCluster });
  const down = w.now - g.int(10, 40) * MIN;
  const evidence: string[] = [];
  if (dep.wl) {
    // The dependency's own pods: crash-looping with their own reason.
    const dc = depCrash(g, dep);
    for (const pod of dep.wl.pods.slice(0, dep.kind === "kafka" ? g.int(2, 3) : 1)) {
      const k = crash(w, pod, dep.wl.app.container, {
        reason: dc.reason,
        exitCode: dc.exitCode,
        since: down,
        runMs: () => g.int(1, 90) * SEC,
      });
      if (dc.lines.length)
        serverLog(
          w,
          dep.kind as Exclude<PeerKind, "http">,
          dep.wl.app.container,
          pod,
          k.lastStart,
          dc.lines.map((l) => ({
            ...l,
            msg: l.msg.replace("2025-01-01 00:00:00 UTC", new Date(down).toISOString().slice(0, 19).replace("T", " ") + " UTC"),
          })),
          true,
        );
    }
    evidence.push(dc.ev);
  }
  const mode: NetMode = dep.wl ? "refused" : g.pick(["timeout", "timeout", "refused"] as const);
  const e = netError(g, t.app.runtime, dep, mode, { dnsIp: w.cluster.dnsIp, podIp: "", now: w.now, notAfter: w.now });
  evidence.unshift(e.ev);
  const retry = say("warn", `retrying ${dep.name} in ${g.pick([100, 200, 500, 1000])}ms (attempt ${g.int(3, 9)}/10)`);
  if (t.wl.job) {
    failJob(w, t, {
      reason: "Error",
      exitCode: 1,
      runMs: () => g.int(20, 120) * SEC,
      log: (a) => {
        write(w, a.pod, t.app, a.start + SEC, [...e.lines, retry, ...e.lines], { gapMs: g.int(2, 20) * SEC });
      },
    });
    return { title: `${w.ns}/${t.wl.name}: job fails, ${dep.kind} ${dep.host} ${dep.wl ? "is down" : "times out"}`, evidence };
  }
  const storm = g.chance(0.35);
  // The app's own deploy minutes before the outage: the obvious suspect, and not the cause.
  if (t.wl.kind === "Deployment" && g.chance(0.3)) {
    const at = down - g.int(5, 25) * MIN;
    const r = rollout(w, t, at, { complete: true });
    rolloutChange(
      w,
      t,
      r,
      at,
      `${t.wl.name}: ${g.pick(["structured logging", "upgrade web framework", "add request tracing", "dependency bumps"])}`,
    );
    t.pods = r.fresh;
    tag(w, "confounder:deploy-before-dependency-outage");
  }
  for (const pod of t.pods)
    repeat(w, pod, t.app, down + g.int(10, 60) * SEC, w.now, g.int(20, 90) * SEC, () => [
      ...e.lines,
      ...(storm || g.chance(0.3) ? [retry] : []),
    ]);
  const labels = wlLabels(t.wl);
  const err = g.float(0.15, 0.9);
  if (t.wl.kind === "Deployment") {
    addSeries(w, "error_ratio", labels, step(w, 0.001, err, down, 0.08), 5);
    addSeries(
      w,
      "latency_p99_ms",
      labels,
      step(w, g.int(40, 200), mode === "timeout" ? g.pick([5000, 10000, 30000]) : g.int(20, 90), down, 0.05),
      1,
    );
  }
  const at = down + g.int(3, 8) * MIN;
  if (storm) {
    tag(w, "confounder:cpu-spike-from-retry-storm");
    for (const pod of t.pods)
      addSeries(
        w,
        "cpu_usage_cores",
        podLabels(pod as PodPlan, t.app.container),
        step(w, g.float(0.05, 0.3), g.float(0.9, 1.0), down, 0.02),
        3,
      );
    alerts.cpuThrottling(w, (t.pods[0] as PodPlan).name, t.app.container, g.int(60, 95), at);
  } else if (t.wl.kind === "Deployment" || t.wl.kind === "StatefulSet") {
    const key = { [t.wl.kind === "Deployment" ? "deployment" : "statefulset"]: t.wl.name };
    if (mode === "timeout" && g.chance(0.4))
      alerts.app(
        w,
        "HighLatencyP99",
        key,
        "p99 latency above SLO",
        `The p99 latency of ${w.ns}/${t.wl.name} is ${g.pick([5000, 10000, 30000])}ms (SLO 500ms).`,
        at,
        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
      );
    else
      alerts.app(
        w,
        "HighErrorRate",
        key,
        `${w.ns}/${t.wl.name} is failing requests`,
        `${pct(err)}% of requests to ${w.ns}/${t.wl.name} failed over the last 5 minutes.`,
        at,
        'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
      );
  } else
    alerts.app(
      w,
      "HighErrorLogRate",
      { pod: (t.pods[0] as PodPlan).name },
      "Error log rate high",
      `Pod ${w.ns}/${(t.pods[0] as PodPlan).name} logs more than 20 errors per minute.`,
      at,
      'sum(rate(log_messages_total{level="error"}[5m])) > 0.3',
      "warning",
    );
  return {
    title: `${w.ns}/${t.wl.name} fails: ${dep.kind === "http" ? `API ${dep.host}` : `${dep.kind} ${dep.host}`} ${dep.wl ? "is down" : mode === "timeout" ? "times out" : "refuses connections"}`,
    evidence: evidence.slice(0, 3),
  };
}
