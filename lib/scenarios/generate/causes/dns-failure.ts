// dns_failure: names stop resolving: CoreDNS crash-looping (its loop plugin aborting, or
// OOMKilled), a Corefile change that broke forwarding or dropped a stub zone, or a DNS record
// removed upstream. The app's clients report it in their own words.
import { addConfigMap, addService } from "../k8s-objects";
import { alerts } from "../alerts";
import { makeLogger } from "../runtimes";
import { addDep, type Dep } from "../deps";
import { createWorkload, current, spawnPods } from "../k8s-workloads";
import { addSeries, step, wlLabels } from "../metrics";
import { netError } from "../net";
import { repeat, say, write } from "../phrase";
import { scaffold } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { App, ContainerSpec, World } from "../types";
import { addLog, logKey } from "../world";
import { crash, pct } from "./common";
import { failJob } from "./job";

/** Runs `f` with the world's namespace switched (kube-system objects live beside the app's). */
export function inNamespace<T>(w: World, ns: string, f: () => T): T {
  const saved = w.ns;
  w.ns = ns;
  try {
    return f();
  } finally {
    w.ns = saved;
  }
}

function coredns(w: World) {
  const { g } = w;
  const image = {
    eks: `602401143452.dkr.ecr.${w.cluster.region}.amazonaws.com/eks/coredns:v1.11.1-eksbuild.9`,
    gke: "registry.k8s.io/coredns/coredns:v1.11.1",
    aks: "mcr.microsoft.com/oss/kubernetes/coredns:v1.9.4-hotfix.20240704",
    kubeadm: "registry.k8s.io/coredns/coredns:v1.11.3",
  }[w.cluster.provider];
  return inNamespace(w, "kube-system", () => {
    const app: App = {
      name: "coredns",
      runtime: "go",
      logger: makeLogger(g, "go", "coredns", w.cluster.domain, "coredns"),
      container: "coredns",
      port: 53,
      healthPath: "/health",
      readyPath: "/ready",
      repo: image.replace(/:[^:]+$/, ""),
      framework: "CoreDNS",
      server: "other",
    };
    const spec: ContainerSpec = {
      name: "coredns",
      image,
      args: ["-conf", "/etc/coredns/Corefile"],
      ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }],
      resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
    };
    const wl = createWorkload(w, {
      kind: "Deployment",
      name: "coredns",
      app,
      version: image.split(":")[1] ?? "v1.11.1",
      build: () => ({ containers: [{ ...spec }], init: [] }),
      replicas: 2,
      history: 0,
    });
    wl.labels = { "k8s-app": "kube-dns" };
    const pods = spawnPods(w, wl, current(wl));
    addService(w, "kube-dns", wl.labels, 53, { portName: "dns" });
    const svc = w.objects.services[w.objects.services.length - 1] as { spec: { clusterIP: string; clusterIPs: string[] } };
    svc.spec.clusterIP = w.cluster.dnsIp;
    svc.spec.clusterIPs = [w.cluster.dnsIp];
    return { wl, pods };
  });
}

export function dnsFailure(w: World): Built {
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
    ["loop", 2],
    ["oom", 1],
    ["forward", 2],
    ["stub", 2],
    ["record", 2],
  ] as const);
  const since = w.now - g.int(10, 40) * MIN;
  const evidence: string[] = [];
  let dep: Dep;
  if (v === "stub" || v === "record") {
    const host =
      v === "stub"
        ? `${g.pick(["smtp.relay", "ldap", "vault", "payments-gw", "erp"])}.${g.pick(["corp", "int", "onprem"])}.${w.cluster.domain}.internal`
        : `${g.pick(["api", "gateway", "partner-api"])}.${g.pick(["partner", "payments", "shipping"])}-${g.pick(["eu", "prod"])}.${w.cluster.domain}.io`;
    dep = {
      kind: "http",
      name: host.split(".")[0] ?? host,
      host,
      ip: "",
      port: 443,
      path: g.pick(["/v1/send", "/api/lookup", "/v2/rates"]),
    };
  } else dep = addDep(w, g.pick(["http", "postgres", "redis"] as const), { inCluster: g.chance(0.4) });
  const mode = "dns" as const;
  const e = netError(g, t.app.runtime, dep, mode, { dnsIp: w.cluster.dnsIp, podIp: "", now: w.now, notAfter: w.now });
  evidence.push(e.ev);
  const dns = coredns(w);
  const corefile = (extra: string, forward: string) =>
    `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . ${forward}\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n${extra}`;
  if (v === "loop" || v === "oom") {
    for (const pod of dns.pods) {
      const k = crash(w, pod, "coredns", {
        reason: v === "oom" ? "OOMKilled" : "Error",
        exitCode: v === "oom" ? 137 : 1,
        since,
        runMs: () => g.int(2, 40) * SEC,
      });
      const key = logKey("kube-system", pod.name, "coredns", true);
      addLog(
        w,
        key,
        k.lastStart + SEC,
        ".:53\n[INFO] plugin/reload: Running configuration SHA512 = " + g.hex(64) + "\nCoreDNS-1.11.1\nlinux/amd64, go1.21.5, ae2bbc2",
      );
      if (v === "loop")
        addLog(
          w,
          key,
          k.lastEnd - 200,
          `[FATAL] plugin/loop: Loop (127.0.0.1:${g.int(30000, 60000)} -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO ${g.int(1e9, 9e9)}${g.int(1e9, 9e9)}.${g.int(1e9, 9e9)}${g.int(1e9, 9e9)}."`,
        );
    }
    evidence.push(v === "oom" ? "OOMKilled" : "plugin/loop: Loop (127.0.0.1:");
    inNamespace(w, "kube-system", () =>
      addConfigMap(w, "coredns", { Corefile: corefile("", v === "loop" ? "127.0.0.53" : "/etc/resolv.conf") }, since - 5 * MIN),
    );
    if (v === "loop")
      w.changes.push({
        at: iso(since - 3 * MIN),
        kind: "config",
        namespace: "kube-system",
        name: "coredns",
        summary: "coredns: forward . now points at the node's systemd-resolved stub (127.0.0.53)",
      });
  } else {
    const upstream = v === "forward" ? `10.${g.int(0, 9)}.${g.int(0, 250)}.${g.int(2, 250)}` : "/etc/resolv.conf";
    const summary =
      v === "forward"
        ? `coredns: forward . changed from /etc/resolv.conf to ${upstream} (new corporate resolver)`
        : v === "stub"
          ? `coredns: removed legacy stub zones ${dep.host.split(".").slice(-3).join(".")}`
          : `DNS migration: records of ${dep.host.split(".").slice(1).join(".")} moved to the new hosted zone`;
    inNamespace(w, "kube-system", () => addConfigMap(w, "coredns", { Corefile: corefile("", upstream) }, since - 2 * MIN));
    w.changes.push({
      at: iso(since - g.int(1, 4) * MIN),
      kind: "config",
      namespace: v === "record" ? "infra" : "kube-system",
      name: v === "record" ? "route53-zones" : "coredns",
      summary,
    });
    evidence.push(summary.split(": ")[1]?.split(" (")[0] ?? summary);
    for (const pod of dns.pods) {
      const key = logKey("kube-system", pod.name, "coredns");
      addLog(w, key, pod.createdAt + 2 * SEC, ".:53\nCoreDNS-1.11.1\nlinux/amd64, go1.21.5, ae2bbc2");
      for (let x = since + 30 * SEC; x < w.now; x += g.int(40, 200) * SEC) {
        addLog(
          w,
          key,
          x,
          v === "forward"
            ? `[ERROR] plugin/errors: 2 ${dep.host}. A: read udp ${pod.podIP}:${g.int(30000, 60000)}->${upstream}:53: i/o timeout`
            : `[INFO] ${pod.podIP}:${g.int(30000, 60000)} - ${g.int(1000, 65000)} "A IN ${dep.host}. udp 50 false 512" NXDOMAIN qr,rd,ra 140 0.000${g.int(100, 999)}s`,
        );
      }
    }
  }
  if (t.wl.job) {
    failJob(w, t, {
      reason: "Error",
      exitCode: 1,
      runMs: () => g.int(3, 40) * SEC,
      log: (a) => write(w, a.pod, t.app, a.start + SEC, [...e.lines, say("info", `retrying in 5s`), ...e.lines], { gapMs: 5 * SEC }),
    });
    return { title: `${w.ns}/${t.wl.name}: job fails, cannot resolve ${dep.host}`, evidence: evidence.slice(0, 3) };
  }
  for (const pod of t.pods)
    repeat(w, pod, t.app, Math.max(since + 20 * SEC, pod.createdAt + MIN), w.now, g.int(20, 90) * SEC, () => e.lines);
  const err = g.float(0.1, 0.8);
  if (t.wl.kind === "Deployment") addSeries(w, "error_ratio", wlLabels(t.wl), step(w, 0.001, err, since, 0.08), 5);
  alerts.app(
    w,
    "HighErrorRate",
    t.wl.kind === "Deployment" ? { deployment: t.wl.name } : { pod: t.pods[0]?.name ?? t.wl.name },
    `High 5xx ratio on ${w.ns}/${t.wl.name}`,
    `${pct(err)}% of requests to ${w.ns}/${t.wl.name} failed over the last 5 minutes (threshold 5%).`,
    since + g.int(3, 8) * MIN,
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
  );
  return { title: `${w.ns}/${t.wl.name}: name resolution fails for ${dep.host}`, evidence: evidence.slice(0, 3) };
}
