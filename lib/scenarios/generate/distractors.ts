// Distractors: 1–3 benign things per scenario that look like trouble to a pattern matcher but are
// not the cause: retries that succeeded, deprecation warnings, a reset hours ago, an unrelated
// deploy, the workload's old deploy, an old restart of a neighbour, a neighbour's probe flaps.
import type { RootCause } from "@/lib/scenarios/schema";
import { createApp, mainContainer } from "./app";
import { podEvent } from "./k8s-events";
import { running, startedAt, terminated } from "./k8s-pod";
import { createWorkload, current, spawnPods } from "./k8s-workloads";
import { serviceName, version } from "./names";
import { say, write, type Say } from "./phrase";
import { DAY, HOUR, iso, MIN, SEC } from "./time";
import type { PodPlan, Workload, World } from "./types";
import { tag } from "./world";

function neighbour(w: World, recentDeployAt?: number): Workload {
  const { g } = w;
  const name = serviceName(g, w.names);
  const app = createApp(w, name);
  const v = version(g);
  const wl = createWorkload(w, {
    kind: "Deployment",
    name,
    app,
    version: v,
    build: (x) => ({ containers: [mainContainer(w, app, x)], init: [] }),
    replicas: g.int(1, 2),
    history: g.int(0, 1),
  });
  spawnPods(w, wl, current(wl), recentDeployAt ? { at: (i) => recentDeployAt + i * 20 * SEC } : {});
  return wl;
}

function benignLines(w: World, rt: string, peer: string): Say[] {
  const { g } = w;
  return g.sample(
    [
      say("warn", `${peer} request failed, retrying in 5s (attempt 1/5)`),
      say("info", `${peer} request succeeded after 1 retry`),
      say(
        "warn",
        rt === "java"
          ? "The property 'spring.redis.host' is deprecated: use 'spring.data.redis.host' instead"
          : "config key 'cache.ttl_seconds' is deprecated, use 'cache.ttl'",
      ),
      say("info", `nightly cleanup finished: ${g.int(100, 9000)} rows purged, 0 errors`),
      say(
        "warn",
        `read tcp ${w.cluster.podNet}.${g.int(0, 250)}.${g.int(2, 250)}:${g.int(30000, 60000)}->${w.cluster.svcNet}.${g.int(0, 250)}.${g.int(2, 250)}:443: read: connection reset by peer`,
      ),
      say("info", `health check ok (errors=0, warnings=${g.int(1, 3)})`),
      say("warn", `slow request GET /api/v1/export took ${g.int(1100, 2600)}ms`),
    ],
    g.int(1, 3),
  );
}

type Distractor = (w: World) => boolean;

const DISTRACTORS: [string, Distractor][] = [
  [
    "benign-log-lines",
    (w) => {
      const t = w.target;
      const pod = t?.pods.find((p) => p.containers.some((c) => c.spec.name === t.app.container && c.status?.state.running));
      if (!t || !pod || t.app.server) return false;
      const since = startedAt(pod, t.app.container);
      const at = Math.max(since + 30 * SEC, w.now - w.g.int(2, 6) * HOUR);
      if (at > w.now - 15 * MIN) return false;
      write(w, pod, t.app, at, benignLines(w, t.app.runtime, w.g.pick(["billing", "profile", "pricing", "geo", "fx-rates"])), {
        gapMs: w.g.int(5, 900) * SEC,
      });
      return true;
    },
  ],
  [
    "unrelated-deploy",
    (w) => {
      const { g } = w;
      const at = w.now - g.int(5, 50) * MIN;
      const nb = neighbour(w, at);
      const r = current(nb);
      r.createdAt = at;
      w.changes.push({
        at: iso(at),
        kind: "deploy",
        namespace: w.ns,
        name: nb.name,
        summary: `${nb.name} ${r.version}: ${g.pick(["copy changes", "bump base image", "new admin endpoint", "upgrade logging library", "tune cache TTLs"])}`,
        version: r.version,
      });
      return true;
    },
  ],
  [
    "old-deploy",
    (w) => {
      const t = w.target;
      if (!t || t.job || t.kind === "Pod" || t.revisions.length === 0) return false;
      const r = current(t);
      if (r.createdAt > w.now - DAY || w.changes.some((c) => c.name === t.name && c.kind === "deploy")) return false;
      w.changes.push({
        at: iso(r.createdAt),
        kind: "deploy",
        namespace: t.ns,
        name: t.name,
        summary: `${t.name} ${r.version}: ${w.g.pick(["dependency bumps", "pagination for list endpoints", "structured logging", "retry budget for outbound calls"])}`,
        version: r.version,
      });
      return true;
    },
  ],
  [
    "old-restart-of-neighbour",
    (w) => {
      const { g } = w;
      const nb = neighbour(w);
      const pod = nb.pods[0] as PodPlan;
      const end = w.now - g.int(3, 20) * HOUR;
      if (end < pod.createdAt + HOUR) return false;
      (pod.containers[0] as PodPlan["containers"][number]).status = running(
        end + 5 * SEC,
        1,
        terminated("Error", g.pick([1, 2, 137]), pod.createdAt + 10 * SEC, end),
      );
      return true;
    },
  ],
  [
    "neighbour-probe-flaps",
    (w) => {
      const { g } = w;
      const nb = neighbour(w);
      const pod = nb.pods[0] as PodPlan;
      const ip = pod.podIP;
      podEvent(w, pod, nb.app.container, {
        reason: "Unhealthy",
        type: "Warning",
        message: g.chance(0.5)
          ? "Readiness probe failed: HTTP probe failed with statuscode: 503"
          : `Readiness probe failed: Get "http://${ip}:${nb.app.port}${nb.app.readyPath}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        first: w.now - g.int(30, 55) * MIN,
        last: w.now - g.int(20, 29) * MIN,
        count: g.int(2, 4),
      });
      return true;
    },
  ],
  [
    "new-version-of-neighbour",
    (w) => {
      const nb = neighbour(w);
      const r = current(nb);
      w.changes.push({
        at: iso(r.createdAt),
        kind: "deploy",
        namespace: w.ns,
        name: nb.name,
        summary: `${nb.name} ${r.version}: canary promoted to 100%`,
        version: r.version,
      });
      return true;
    },
  ],
];

export function addDistractors(w: World, _cause: RootCause): void {
  const { g } = w;
  for (const [name, f] of g.sample(DISTRACTORS, g.int(1, 3))) if (f(w)) tag(w, `distractor:${name}`);
}
