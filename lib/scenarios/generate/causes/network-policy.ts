// network_policy: connections to a healthy peer are dropped because a NetworkPolicy selects the
// pods: a namespace-wide default-deny egress (sometimes DNS too, so it looks like a DNS outage),
// or the peer's ingress policy that admits other callers but not this one. Drops look like
// timeouts, not refusals.
import { alerts } from "../alerts";
import { addDep, type Dep } from "../deps";
import { addNetworkPolicy } from "../k8s-objects";
import { addSeries, step, wlLabels } from "../metrics";
import { netError } from "../net";
import { phrase, repeat, say, write, type Phrase } from "../phrase";
import { scaffold } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { World } from "../types";
import { tag } from "../world";
import { pct } from "./common";
import { failJob } from "./job";

export function networkPolicy(w: World): Built {
  const { g } = w;
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 6],
      ["StatefulSet", 1],
      ["Job", 1],
      ["CronJob", 1],
      ["Pod", 1],
    ],
    replicas: g.int(2, 4),
  });
  const v = g.weighted([
    ["deny-egress", 3],
    ["deny-dns", 2],
    ["ingress", 3],
  ] as const);
  const dep: Dep = addDep(w, t.app.runtime === "nginx" ? "http" : g.pick(["postgres", "redis", "http", "mysql"] as const), {
    inCluster: true,
  });
  const since = w.now - g.int(8, 40) * MIN;
  const evidence: string[] = [];
  let npName: string;
  if (v === "ingress") {
    const other = `${dep.name.split("-")[0]}-${g.pick(["api", "admin", "frontend", "web"])}`;
    npName = `${dep.name}-allow-${other.split("-").pop()}`;
    const selector = dep.wl ? dep.wl.labels : { "app.kubernetes.io/name": dep.name };
    addNetworkPolicy(
      w,
      npName,
      {
        podSelector: { matchLabels: selector },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": other } } }],
            ports: [{ protocol: "TCP", port: dep.port === 443 ? 8080 : dep.port }],
          },
        ],
      },
      since,
    );
    w.changes.push({
      at: iso(since),
      kind: "config",
      namespace: w.ns,
      name: npName,
      summary: `NetworkPolicy ${npName}: only ${other} may connect to ${dep.name}`,
    });
  } else {
    npName = g.pick(["default-deny-egress", "deny-all-egress", "baseline-egress"]);
    const allowDns = v === "deny-egress";
    addNetworkPolicy(
      w,
      npName,
      {
        podSelector: {},
        policyTypes: ["Egress"],
        ...(allowDns
          ? {
              egress: [
                {
                  to: [
                    {
                      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                      podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                  ],
                  ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                  ],
                },
              ],
            }
          : { egress: [] }),
      },
      since,
    );
    w.changes.push({
      at: iso(since),
      kind: "config",
      namespace: w.ns,
      name: npName,
      summary: `apply namespace baseline NetworkPolicy ${npName}${allowDns ? " (DNS allowed)" : ""}`,
    });
    if (!allowDns) tag(w, "confounder:netpol-blocks-dns");
  }
  evidence.push(npName);
  let e: Phrase;
  if (v === "deny-dns") {
    const pod = t.pods[0];
    e =
      t.app.runtime === "go"
        ? phrase(
            [
              say(
                "error",
                `${dep.name} unavailable: dial tcp: lookup ${dep.host} on ${w.cluster.dnsIp}:53: read udp ${pod?.podIP}:${g.int(30000, 60000)}->${w.cluster.dnsIp}:53: i/o timeout`,
              ),
            ],
            `on ${w.cluster.dnsIp}:53: read udp`,
          )
        : netError(g, t.app.runtime, dep, "dns", { dnsIp: w.cluster.dnsIp, podIp: pod?.podIP ?? "", now: w.now, notAfter: w.now });
  } else e = netError(g, t.app.runtime, dep, "timeout", { dnsIp: w.cluster.dnsIp, podIp: "", now: w.now, notAfter: w.now });
  evidence.push(e.ev);
  if (t.wl.job) {
    failJob(w, t, {
      reason: "Error",
      exitCode: 1,
      runMs: () => g.int(20, 90) * SEC,
      log: (a) =>
        write(w, a.pod, t.app, a.start + SEC, [...e.lines, say("warn", "retrying in 5s"), ...e.lines], { gapMs: g.int(5, 30) * SEC }),
    });
    return { title: `${w.ns}/${t.wl.name}: job cannot reach ${dep.host}, dropped by NetworkPolicy ${npName}`, evidence };
  }
  for (const pod of t.pods)
    repeat(w, pod, t.app, Math.max(since + 15 * SEC, pod.createdAt + MIN), w.now, g.int(20, 90) * SEC, () => e.lines);
  const err = g.float(0.2, 0.9);
  if (t.wl.kind === "Deployment") {
    addSeries(w, "error_ratio", wlLabels(t.wl), step(w, 0.001, err, since, 0.06), 5);
    addSeries(w, "latency_p99_ms", wlLabels(t.wl), step(w, g.int(40, 200), g.pick([5000, 10000, 30000]), since, 0.03), 1);
  }
  alerts.app(
    w,
    g.pick(["HighErrorRate", "HighErrorRate", "HighLatencyP99"]),
    t.wl.kind === "Deployment" ? { deployment: t.wl.name } : { pod: t.pods[0]?.name ?? t.wl.name },
    `${w.ns}/${t.wl.name} is failing requests`,
    `${pct(err)}% of requests to ${w.ns}/${t.wl.name} failed over the last 5 minutes.`,
    since + g.int(3, 8) * MIN,
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
  );
  return { title: `${w.ns}/${t.wl.name} cannot reach ${dep.host}: dropped by NetworkPolicy ${npName}`, evidence };
}
