// memory_leak: memory grows steadily over hours at a steady load: no kill yet, or kills (cgroup
// OOMKilled, or the runtime's own heap limit) that recur only after many hours of uptime.
import { alerts } from "../alerts";
import { startupLines } from "../app-logs";
import { memLimitOf } from "../app";
import { running, terminated } from "../k8s-pod";
import { growthLine } from "../memory-phrases";
import { addSeries, flat, podLabels, ramp, wlLabels } from "../metrics";
import { say, write, type Phrase } from "../phrase";
import { main, scaffold } from "../scaffold";
import { HOUR, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { PodPlan, World } from "../types";
import { pct } from "./common";

type Kill = { reason: string; exitCode: number; last?: Phrase };

function runtimeKill(w: World, rt: string): Kill {
  const { g } = w;
  if (rt === "java" && g.chance(0.5)) {
    const m = "java.lang.OutOfMemoryError: Java heap space";
    return {
      reason: "Error",
      exitCode: 3,
      last: {
        lines: [
          say("error", `Terminating due to ${m}`, { raw: true }),
          say("error", `Exception in thread "http-nio-8080-exec-${g.int(1, 9)}" ${m}`, { raw: true }),
        ],
        ev: m,
      },
    };
  }
  if (rt === "node" && g.chance(0.5)) {
    const m = "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory";
    return {
      reason: "Error",
      exitCode: 134,
      last: {
        lines: [
          say(
            "error",
            `<--- Last few GCs --->\n\n[1:0x${g.hex(12)}] ${g.int(30000000, 90000000)} ms: Mark-Compact (reduce) ${g.int(1400, 1500)}.2 (${g.int(1500, 1550)}.0) -> ${g.int(1390, 1450)}.9 (${g.int(1500, 1550)}.0) MB, ${g.int(900, 2400)}.11 / 0.00 ms  (average mu = 0.152, current mu = 0.034) allocation failure; scavenge might not succeed\n\n${m}`,
            { raw: true },
          ),
        ],
        ev: m,
      },
    };
  }
  return { reason: "OOMKilled", exitCode: 137 };
}

/** Growth lines every ~15 minutes from `from` to `to`, memory rising from `a` to `b`. Returns the last. */
function growth(
  w: World,
  pod: PodPlan,
  t: { app: Parameters<typeof write>[2] },
  from: number,
  to: number,
  a: number,
  b: number,
  limitMi: number,
  previous: boolean,
): Phrase[] {
  const out: Phrase[] = [];
  const every = w.g.int(10, 25) * MIN;
  for (let x = from, seq = w.g.int(10, 60); x < to; x += every, seq++) {
    const p = growthLine(w.g, t.app.runtime, a + ((b - a) * (x - from)) / Math.max(1, to - from), limitMi, seq);
    write(w, pod, t.app, x, p.lines, { previous });
    out.push(p);
  }
  return out;
}

export function memoryLeak(w: World): Built {
  const { g } = w;
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 5],
      ["StatefulSet", 2],
      ["DaemonSet", 1],
      ["Pod", 1],
    ],
    runtimes: ["go", "java", "node", "python", "dotnet"],
    replicas: g.int(2, 5),
  });
  const limitMi = memLimitOf(main(t.pods[0] as PodPlan, t.app).spec);
  const limit = limitMi * 1024 * 1024;
  const killed = g.chance(0.5);
  const pods = t.pods.slice(0, Math.min(t.pods.length, g.int(1, 3)));
  const evidence: string[] = [];
  for (const [i, pod] of pods.entries()) {
    const m = main(pod, t.app);
    const runH = g.int(9, 30);
    const since = Math.max(pod.createdAt + MIN, w.now - (killed ? g.int(30, 240) * MIN : g.int(runH, 60) * HOUR));
    const nowUse = killed ? limit * g.float(0.35, 0.6) : limit * g.float(0.85, 0.96);
    if (killed) {
      const kill = runtimeKill(w, t.app.runtime);
      const lastStart = since - runH * HOUR;
      m.status = running(since + 5 * SEC, g.int(1, 3), terminated(kill.reason, kill.exitCode, lastStart, since));
      write(w, pod, t.app, lastStart + 2 * SEC, startupLines(w, t.app, t.version), { previous: true });
      const lines = growth(w, pod, t, since - 4 * HOUR, since - 2 * MIN, limit * 0.75, limit * 0.99, limitMi, true);
      if (kill.last) write(w, pod, t.app, since - 3 * SEC, kill.last.lines, { previous: true });
      if (i === 0) evidence.push(kill.last ? kill.last.ev : "OOMKilled", (lines[lines.length - 1] as Phrase).ev);
    } else m.status = running(since, 0);
    write(w, pod, t.app, since + 7 * SEC, startupLines(w, t.app, t.version));
    const start = Math.max(since + 10 * MIN, w.now - g.int(3, 6) * HOUR);
    const lines = growth(w, pod, t, start, w.now - g.int(1, 8) * MIN, killed ? limit * 0.2 : limit * 0.55, nowUse, limitMi, false);
    if (!killed && i === 0 && lines.length) evidence.push((lines[0] as Phrase).ev, (lines[lines.length - 1] as Phrase).ev);
    const slope = (nowUse - (killed ? limit * 0.2 : limit * 0.55)) / Math.max(1, w.now - start);
    addSeries(
      w,
      "memory_working_set_bytes",
      podLabels(pod, t.app.container),
      ramp(w, nowUse - slope * (w.now - w.window.start), nowUse, w.window.start, 0.005),
      0,
    );
  }
  if (t.wl.kind === "Deployment") {
    addSeries(w, "request_rate", wlLabels(t.wl), flat(w, g.int(40, 600), 0.05), 2);
    addSeries(w, "error_ratio", wlLabels(t.wl), flat(w, g.float(0.0005, 0.004), 0.3), 5);
  }
  const first = pods[0] as PodPlan;
  const at = w.now - g.int(5, 25) * MIN;
  const choice = g.weighted([
    ["mem", 5],
    ["latency", 2],
    ["restarts", killed ? 2 : 0],
  ] as const);
  if (choice === "mem")
    alerts.app(
      w,
      g.pick(["HighMemoryUsage", "ContainerMemoryNearLimit", "PodMemoryHigh"]),
      { pod: first.name, container: t.app.container },
      "Container memory usage is high",
      `Container ${t.app.container} of ${w.ns}/${first.name} uses ${pct(g.float(0.85, 0.97))}% of its memory limit.`,
      at,
      "container_memory_working_set_bytes / container_spec_memory_limit_bytes > 0.85",
      "warning",
    );
  else if (choice === "latency")
    alerts.app(
      w,
      "HighLatencyP99",
      { [t.wl.kind === "Deployment" ? "deployment" : "pod"]: t.wl.kind === "Deployment" ? t.wl.name : first.name },
      "p99 latency above SLO",
      `The p99 latency of ${w.ns}/${t.wl.name} is ${g.int(700, 2400)}ms (SLO 500ms).`,
      at,
      "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
    );
  else
    alerts.app(
      w,
      "ContainerRestarted",
      { pod: first.name, container: t.app.container },
      "Container restarted",
      `Container ${t.app.container} in ${w.ns}/${first.name} restarted in the last hour.`,
      at,
      "increase(kube_pod_container_status_restarts_total[1h]) > 0",
      "warning",
    );
  return {
    title: `${w.ns}/${t.wl.name} (${t.app.framework}) memory grows for hours at steady load${killed ? ", killed after hours of uptime" : ""}`,
    evidence: evidence.filter(Boolean).slice(0, 3),
    action: "restart",
  };
}
