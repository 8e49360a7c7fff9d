// probe_failure: a misconfigured liveness/readiness probe kills or isolates pods that are healthy:
// the wrong port or path, an exec check that can never pass, or an initial delay shorter than a
// slow start (pods rescheduled by a node upgrade now load a bigger model/cache before listening).
import { requestLine, startupLines } from "../app-logs";
import { podEvent } from "../k8s-events";
import { running } from "../k8s-pod";
import { repeat, say, write } from "../phrase";
import { main, scaffold } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { Obj, PodPlan, World } from "../types";
import { crash, crashAlerts, statusAlert } from "./common";

type Variant = "port" | "path" | "exec" | "slow";

export function probeFailure(w: World): Built {
  const { g } = w;
  const v = g.weighted<Variant>([
    ["port", 3],
    ["path", 2],
    ["exec", 1],
    ["slow", 3],
  ]);
  const fresh = v !== "slow";
  const created = w.now - g.int(12, 45) * MIN;
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 6],
      ["StatefulSet", 1],
      ["DaemonSet", 1],
      ["Pod", 1],
    ],
    runtimes: v === "slow" ? ["java", "python", "go", "dotnet"] : undefined,
    history: fresh ? 0 : undefined,
    revisionAt: fresh ? created : undefined,
    replicas: g.int(1, 4),
  });
  const probeKind = v === "port" || v === "slow" ? "livenessProbe" : g.pick(["livenessProbe", "readinessProbe"] as const);
  const evidence: string[] = [];
  const specOf = (p: PodPlan) => main(p, t.app).spec;
  const applyAll = (f: (c: Obj) => void) => {
    for (const r of t.wl.revisions) f(r.containers[0] as Obj);
    for (const p of t.pods) f(specOf(p));
  };
  const wrongPort = t.app.port === 8080 ? g.pick([8081, 9090, 80]) : 8080;
  const wrongPath = g.pick(
    ["/health", "/healthz", "/api/health", "/status", "/ready"].filter((x) => x !== t.app.healthPath && x !== t.app.readyPath),
  );
  if (v === "port")
    applyAll(
      (c) =>
        (c.livenessProbe = {
          httpGet: { path: t.app.healthPath, port: wrongPort, scheme: "HTTP" },
          initialDelaySeconds: 10,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        }),
    );
  if (v === "path")
    applyAll(
      (c) =>
        (c[probeKind] = {
          httpGet: { path: wrongPath, port: t.app.port, scheme: "HTTP" },
          initialDelaySeconds: 5,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        }),
    );
  if (v === "exec")
    applyAll(
      (c) =>
        (c[probeKind] = {
          exec: { command: ["cat", "/tmp/healthy"] },
          initialDelaySeconds: 5,
          periodSeconds: 5,
          timeoutSeconds: 1,
          successThreshold: 1,
          failureThreshold: 3,
        }),
    );
  if (v === "slow")
    applyAll(
      (c) =>
        (c.livenessProbe = {
          httpGet: { path: t.app.healthPath, port: t.app.mgmtPort ?? t.app.port, scheme: "HTTP" },
          initialDelaySeconds: g.pick([10, 15, 20, 30]),
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        }),
    );
  const kills = v === "port" || v === "slow" || probeKind === "livenessProbe";
  const probeName = probeKind === "livenessProbe" ? "Liveness" : "Readiness";
  if (v === "slow") {
    const drain = w.now - g.int(25, 50) * MIN;
    w.changes.push({
      at: iso(drain),
      kind: "config",
      namespace: "kube-system",
      name: g.pick(["default-pool", "apps-pool", "nodegroup-apps"]),
      summary: `node pool upgrade ${g.pick(["1.29.6 -> 1.30.4", "1.30.3 -> 1.31.1"])} started (nodes cordoned and drained one at a time)`,
    });
  }
  const hit = t.pods.slice(0, Math.max(1, g.int(Math.ceil(t.pods.length / 2), t.pods.length)));
  // Only the pods the drain rescheduled restart (and meet the slow start); the rest run on.
  if (v === "slow") for (const p of hit) p.createdAt = w.now - g.int(15, 24) * MIN;
  const slowMsg = g.pick(["model download in progress", "warming cache", "replaying event journal", "loading embeddings index"]);
  const slowPct = g.int(12, 48);
  const slowEv = `${slowMsg}: ${slowPct}%`;
  for (const pod of hit) {
    const ip = pod.podIP as string;
    const probe = probeKind === "livenessProbe" ? (specOf(pod).livenessProbe as Obj) : (specOf(pod).readinessProbe as Obj);
    const port = ((probe.httpGet as Obj | undefined)?.port ?? t.app.port) as number | string;
    const path = ((probe.httpGet as Obj | undefined)?.path ?? "") as string;
    const msg =
      v === "exec"
        ? `${probeName} probe failed: cat: can't open '/tmp/healthy': No such file or directory`
        : v === "path"
          ? `${probeName} probe failed: HTTP probe failed with statuscode: 404`
          : `${probeName} probe failed: Get "http://${ip}:${port}${path}": dial tcp ${ip}:${port}: connect: connection refused`;
    podEvent(w, pod, t.app.container, {
      reason: "Unhealthy",
      type: "Warning",
      message: msg,
      first: pod.createdAt + 15 * SEC,
      last: w.now - g.int(5, 40) * SEC,
      count: g.int(8, 90),
    });
    if (kills) {
      const exit = g.pick([
        ["Error", 137],
        ["Error", 143],
        ["Completed", 0],
      ] as const);
      const run = v === "slow" ? () => g.int(35, 60) * SEC : () => g.int(32, 45) * SEC;
      const k = crash(w, pod, t.app.container, { reason: exit[0], exitCode: exit[1], since: pod.createdAt, runMs: run });
      podEvent(w, pod, t.app.container, {
        reason: "Killing",
        message: `Container ${t.app.container} failed liveness probe, will be restarted`,
        first: pod.createdAt + 40 * SEC,
        last: k.lastEnd - SEC,
        count: k.restarts,
      });
      const x = write(
        w,
        pod,
        t.app,
        k.lastStart + SEC,
        v === "slow" ? startupLines(w, t.app, t.version).slice(0, 1) : startupLines(w, t.app, t.version),
        { previous: true },
      );
      if (v === "slow") {
        // Progress climbs until the kill; the last line is the one the evidence quotes.
        const steps = Math.max(1, Math.floor((k.lastEnd - 2 * SEC - x) / (8 * SEC)));
        for (let i = 1; i < steps; i++)
          write(w, pod, t.app, x + i * 8 * SEC, [say("info", `${slowMsg}: ${Math.floor((slowPct * i) / steps)}%`)], { previous: true });
      } else repeat(w, pod, t.app, x + 3 * SEC, k.lastEnd - 2 * SEC, 8 * SEC, () => [requestLine(w, t.app, 200)], { previous: true });
      if (v === "slow") write(w, pod, t.app, k.lastEnd - SEC, [say("info", slowEv)], { previous: true });
      write(
        w,
        pod,
        t.app,
        k.lastEnd - 200,
        [say("info", g.pick(["received SIGTERM, shutting down gracefully", "Shutting down", "shutdown signal received"]))],
        { previous: true },
      );
    } else {
      const c = main(pod, t.app);
      c.status = running(pod.createdAt + 3 * SEC, 0, {}, false);
      const x = write(w, pod, t.app, pod.createdAt + 4 * SEC, startupLines(w, t.app, t.version));
      repeat(w, pod, t.app, x + 5 * SEC, w.now, g.int(30, 90) * SEC, () => [requestLine(w, t.app, 200)]);
      if (v === "path") repeat(w, pod, t.app, w.now - 3 * MIN, w.now, 10 * SEC, () => [requestLine(w, t.app, 404, 1, wrongPath)]);
    }
    if (!evidence.length)
      evidence.push(msg.includes('"') ? msg.slice(msg.lastIndexOf(": dial tcp") + 2) : msg.replace(/^\w+ probe failed: /, ""));
  }
  if (kills) evidence.unshift("failed liveness probe, will be restarted");
  if (v === "slow") evidence.push(slowEv);
  const first = hit[0] as PodPlan;
  const at = first.createdAt + g.int(5, 15) * MIN;
  if (kills) crashAlerts(w, t, hit, Math.min(at, w.now - MIN));
  else statusAlert(w, t, first, Math.min(at, w.now - MIN), { crashing: false });
  const what =
    v === "port"
      ? `liveness probe targets port ${wrongPort}`
      : v === "path"
        ? `${probeName.toLowerCase()} probe path ${wrongPath} returns 404`
        : v === "exec"
          ? `${probeName.toLowerCase()} exec probe can never pass`
          : "liveness probe kills pods before a slow start completes";
  return { title: `${w.ns}/${t.wl.name}: ${what}`, evidence: evidence.slice(0, 3) };
}
