// bad_deploy: errors, latency or crashes that start with the workload's own new revision, rolled
// out inside the window while the previous revision still exists (rollback is the fix).
import { alerts } from "../alerts";
import { requestLine, startupLines } from "../app-logs";
import { requestError, slowPath, startCrash } from "../deploy-phrases";
import { addSeries, flat, step, wlLabels } from "../metrics";
import { repeat, write } from "../phrase";
import { main, scaffold } from "../scaffold";
import { MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { crash, pct } from "./common";
import { rollout, rolloutChange } from "./rollout";

/** The release note's description of the change (what follows "<name> <version>: "). */
const what = (summary: string) => summary.slice(summary.indexOf(": ") + 2);

export function badDeploy(w: World): Built {
  const { g } = w;
  const variant = g.weighted([
    ["errors", 4],
    ["crash", 3],
    ["latency", 2],
  ] as const);
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 6],
      ["StatefulSet", 1],
    ],
    runtimes: ["go", "java", "node", "python", "dotnet"],
    replicas: g.int(2, 6),
    history: g.int(1, 3),
  });
  const at = w.now - g.int(8, 40) * MIN;
  const r = rollout(w, t, at, { complete: variant !== "crash", fresh: g.int(1, 2) });
  const labels = wlLabels(t.wl);
  const base = { rps: g.int(30, 700), p99: g.int(40, 300), err: g.float(0.0005, 0.004) };
  if (t.wl.kind === "Deployment") addSeries(w, "request_rate", labels, flat(w, base.rps, 0.07), 2);
  if (variant === "crash") {
    const c = startCrash(g, t.app.runtime, t.app.name);
    for (const pod of r.fresh) {
      const k = crash(w, pod, t.app.container, {
        reason: "Error",
        exitCode: c.exitCode,
        since: pod.createdAt,
        runMs: () => g.int(2, 12) * SEC,
      });
      const x = write(w, pod, t.app, k.lastStart + SEC, startupLines(w, t.app, r.version).slice(0, 1), { previous: true });
      write(w, pod, t.app, x + g.int(200, 3000), c.lines, { previous: true });
    }
    t.wl.progressing =
      at < w.now - 10 * MIN
        ? {
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: `ReplicaSet "${t.wl.name}-${r.rev.hash}" has timed out progressing.`,
            since: at + 10 * MIN,
          }
        : { status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${t.wl.name}-${r.rev.hash}" is progressing.`, since: at };
    const first = r.fresh[0] as PodPlan;
    const when = at + g.int(3, 9) * MIN;
    if (t.wl.kind === "Deployment" && t.wl.progressing.status === "False" && g.chance(0.5)) alerts.rolloutStuck(w, t.wl.name, when);
    else if (g.chance(0.6)) alerts.crashLooping(w, first.name, t.app.container, when);
    else alerts.replicasMismatch(w, t.wl.kind, t.wl.name, when);
    rolloutChange(w, t, r, at, c.summary);
    return {
      title: `${w.ns}/${t.wl.name} ${r.version} crashes at start (${t.app.framework}); old revision still serving`,
      evidence: [c.ev, what(c.summary)],
      action: "rollback",
    };
  }
  const p: ReturnType<typeof requestError> & { ms?: number } =
    variant === "errors" ? requestError(g, t.app.runtime, t.app.name) : slowPath(g, t.app.runtime, t.app.name);
  const errRatio = variant === "errors" ? g.float(0.08, 0.6) : base.err * 1.5;
  const p99 = variant === "latency" ? (p.ms ?? 1000) * g.float(1.1, 1.6) : base.p99 * g.float(1, 1.4);
  addSeries(w, "error_ratio", labels, step(w, base.err, errRatio, at + 60 * SEC, 0.1), 5);
  addSeries(w, "latency_p99_ms", labels, step(w, base.p99, p99, at + 60 * SEC, 0.08), 1);
  for (const pod of r.fresh) {
    const start = main(pod, t.app).status ? pod.createdAt + 5 * SEC : pod.createdAt;
    const x = write(w, pod, t.app, start, startupLines(w, t.app, r.version), { gapMs: g.int(80, 700) });
    repeat(w, pod, t.app, x + g.int(5, 60) * SEC, w.now, g.int(30, 120) * SEC, () => [
      variant === "errors" ? requestLine(w, t.app, 500) : requestLine(w, t.app, 200, p99),
      ...p.lines,
    ]);
  }
  const when = at + g.int(3, 8) * MIN;
  if (variant === "errors")
    alerts.app(
      w,
      "HighErrorRate",
      { [t.wl.kind === "Deployment" ? "deployment" : "statefulset"]: t.wl.name },
      `High 5xx ratio on ${w.ns}/${t.wl.name}`,
      `${pct(errRatio)}% of requests to ${w.ns}/${t.wl.name} failed with 5xx over the last 5 minutes (threshold 5%).`,
      when,
      'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
    );
  else
    alerts.app(
      w,
      "HighLatencyP99",
      { [t.wl.kind === "Deployment" ? "deployment" : "statefulset"]: t.wl.name },
      "p99 latency above SLO",
      `The p99 latency of ${w.ns}/${t.wl.name} is ${Math.round(p99)}ms (SLO ${g.pick([300, 500, 800])}ms).`,
      when,
      "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
      "warning",
    );
  rolloutChange(w, t, r, at, p.summary);
  return {
    title: `${w.ns}/${t.wl.name} ${variant === "errors" ? "errors" : "latency"} since ${r.version} rolled out ${Math.round((w.now - at) / MIN)} minutes ago`,
    evidence: [p.ev, what(p.summary)],
    action: "rollback",
  };
}
