// unknown: the evidence supports no cause: a short latency blip with no errors, restarts or
// changes; an alert about pods that are all healthy again; or generic 5xx with two equally weak
// suspects and nothing decisive. The right answer is to abstain.
import { alerts } from "../alerts";
import { requestLine } from "../app-logs";
import { addSeries, blip, flat, wlLabels } from "../metrics";
import { repeat } from "../phrase";
import { scaffold } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";

export function unknown(w: World): Built {
  const { g } = w;
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 6],
      ["StatefulSet", 1],
    ],
    replicas: g.int(2, 6),
  });
  const pickV = g.weighted([
    ["blip", 4],
    ["healthy", 3],
    ["vague", 3],
  ] as const);
  // Only a Deployment reports its availability in words; a StatefulSet "healthy" case is a blip.
  const v = pickV === "healthy" && t.wl.kind !== "Deployment" ? "blip" : pickV;
  const labels = wlLabels(t.wl);
  const rps = g.int(20, 600);
  const p99 = g.int(40, 300);
  const from = w.now - g.int(8, 25) * MIN;
  const to = from + g.int(2, 5) * MIN;
  const kind = t.wl.kind === "Deployment" ? "deployment" : "statefulset";
  addSeries(w, "request_rate", labels, flat(w, rps, 0.06), 2);
  if (v === "blip") {
    const peak = Math.round(p99 * g.float(2.5, 6));
    addSeries(w, "latency_p99_ms", labels, blip(w, p99, peak, from, to, 0.08), 1);
    addSeries(w, "error_ratio", labels, flat(w, g.float(0.0003, 0.002), 0.3), 5);
    const desc = `The p99 latency of ${w.ns}/${t.wl.name} is ${peak}ms`;
    alerts.app(
      w,
      "HighLatencyP99",
      { [kind]: t.wl.name },
      "p99 latency above SLO",
      `${desc} (SLO ${g.pick([300, 400, 500])}ms) over the last 5 minutes.`,
      from + 2 * MIN,
      "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.3",
      "warning",
    );
    return {
      title: `${w.ns}/${t.wl.name}: ${to - from < 4 * MIN ? "short" : "brief"} p99 latency blip with no supporting signal`,
      evidence: [desc],
    };
  }
  if (v === "healthy") {
    addSeries(w, "latency_p99_ms", labels, flat(w, p99, 0.08), 1);
    addSeries(w, "error_ratio", labels, flat(w, g.float(0.0003, 0.002), 0.3), 5);
    const pod = t.pods[0] as PodPlan;
    if (g.chance(0.5) && t.wl.kind === "Deployment") alerts.replicasMismatch(w, "Deployment", t.wl.name, w.now - g.int(16, 30) * MIN);
    else alerts.podNotReady(w, pod.name, w.now - g.int(16, 30) * MIN);
    return {
      title: `${w.ns}/${t.wl.name}: alert fired but every pod is Ready and serving`,
      evidence: ["Deployment has minimum availability."],
    };
  }
  // Generic 5xx, no exception text, and two weak suspects of equal standing.
  const err = g.float(0.02, 0.08);
  addSeries(w, "error_ratio", labels, blip(w, 0.001, err, from, w.now, 0.2), 5);
  addSeries(w, "latency_p99_ms", labels, flat(w, p99 * 1.2, 0.1), 1);
  for (const pod of t.pods)
    repeat(w, pod, t.app, from, w.now, g.int(60, 200) * SEC, () => [requestLine(w, t.app, g.pick([500, 502, 503]))]);
  const other = `${g.pick(["search", "pricing", "profile", "media"])}-${g.pick(["api", "worker", "service"])}`;
  w.changes.push({
    at: iso(from - g.int(3, 10) * MIN),
    kind: "flag",
    namespace: w.ns,
    name: other,
    summary: `${other}: enable ${g.pick(["new ranking experiment", "dark mode banner", "async thumbnails"])} for ${g.int(5, 25)}% of users`,
  });
  const desc = `${(err * 100).toFixed(1)}% of requests to ${w.ns}/${t.wl.name} failed`;
  alerts.app(
    w,
    "HighErrorRate",
    { [kind]: t.wl.name },
    `Elevated 5xx on ${w.ns}/${t.wl.name}`,
    `${desc} over the last 5 minutes (threshold 2%).`,
    from + 3 * MIN,
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.02',
    "warning",
  );
  return { title: `${w.ns}/${t.wl.name}: low-grade 5xx with no decisive evidence`, evidence: [desc] };
}
