// Container logs: the unhealthiest pods of the workload, current and previous (crashed)
// containers, reduced to the lines that matter; plus, weighted lower, the logs of other
// unhealthy pods in the namespace (a database that restarted, a broken dependency).
import type { V1Pod } from "@kubernetes/client-node";
import type { ClusterReader } from "@/lib/cluster/port";
import { draft, type Draft } from "@/lib/evidence/draft";
import { lineTemplate, renderLine, selectLogLines } from "@/lib/evidence/log-lines";
import { isUnhealthy, restarts } from "@/lib/evidence/sources/pods";

const TAIL_LINES = 400;
const LIMIT_BYTES = 256 * 1024;

type Target = { pod: V1Pod; container: string; previous: boolean; own: boolean };

function targets(pods: V1Pod[], own: boolean, maxPods: number): Target[] {
  const ranked = [...pods].sort((a, b) => Number(isUnhealthy(b)) - Number(isUnhealthy(a)) || restarts(b) - restarts(a));
  return ranked.slice(0, maxPods).flatMap((pod) =>
    (pod.status?.containerStatuses ?? []).flatMap((c) => {
      const list: Target[] = [];
      if (c.state?.running || c.state?.terminated || (c.restartCount ?? 0) === 0) list.push({ pod, container: c.name, previous: false, own });
      if ((c.restartCount ?? 0) > 0 || c.lastState?.terminated) list.push({ pod, container: c.name, previous: true, own });
      return list;
    }),
  );
}

export async function logDrafts(cluster: ClusterReader, namespace: string, own: V1Pod[], others: V1Pod[]): Promise<Draft[]> {
  const wanted = [...targets(own, true, 3), ...targets(others.filter(isUnhealthy), false, 2)];
  const logs = await Promise.all(
    wanted.map(async (t) => ({ t, text: await cluster.readPodLog(namespace, t.pod.metadata?.name ?? "", t.container, { previous: t.previous, tailLines: TAIL_LINES, limitBytes: LIMIT_BYTES }) })),
  );
  const seen = new Set<string>();
  const drafts: Draft[] = [];
  for (const { t, text } of logs) {
    if (!text) continue;
    const lines = selectLogLines(text, { previous: t.previous, max: 8 })
      // Replicas log the same things: show each line once across the workload's pods.
      .filter((l) => {
        const key = lineTemplate(l.text);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    if (lines.length === 0) continue;
    const errors = lines.filter((l) => l.level !== "info").length;
    const score = (t.own ? 4 : 2.5) + Math.min(errors, 3) * 0.3 + (t.previous ? 0.5 : 0);
    const where = `${t.pod.metadata?.name}/${t.container}${t.previous ? " (previous container)" : ""}`;
    drafts.push(
      draft("logs", `Logs of ${where}`, lines.map(renderLine), score, lines.map((l) => ({ kind: "log" as const, text: l.text, level: l.level, pod: t.pod.metadata?.name ?? "", previous: t.previous, last: l.last, own: t.own }))),
    );
  }
  return drafts;
}
