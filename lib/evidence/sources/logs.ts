// Container logs: the unhealthiest pods of the workload, current and previous (crashed)
// containers, reduced to the lines that matter; plus, weighted lower, the logs of other
// unhealthy pods in the namespace (a database that restarted, a broken dependency).
import type { V1Pod } from "@kubernetes/client-node";
import type { ClusterReader } from "@/lib/cluster/port";
import { draft, type Draft } from "@/lib/evidence/draft";
import { lineTemplate, renderLine, selectLogLines } from "@/lib/evidence/log-lines";
import { isUnhealthy, restarts } from "@/lib/evidence/sources/pods";

// A failure can scroll far back behind routine lines (a pool exhausted, then recovered and
// logging stats every second): read deep, then keep only the lines that matter.
const TAIL_LINES = 2000;
const LIMIT_BYTES = 1024 * 1024;

type Target = { pod: V1Pod; container: string; previous: boolean; own: boolean; peer: boolean; init: boolean };

function targets(pods: V1Pod[], own: boolean, maxPods: number, peer = false): Target[] {
  const ranked = [...pods].sort((a, b) => Number(isUnhealthy(b)) - Number(isUnhealthy(a)) || restarts(b) - restarts(a));
  return ranked.slice(0, maxPods).flatMap((pod) => {
    // An init container that failed or is retrying holds the pod back: its log says why.
    const init = (pod.status?.initContainerStatuses ?? []).filter(
      (c) =>
        (c.restartCount ?? 0) > 0 || c.state?.waiting || (c.state?.terminated && c.state.terminated.exitCode !== 0) || c.state?.running,
    );
    const statuses = [...init.map((c) => ({ c, init: true })), ...(pod.status?.containerStatuses ?? []).map((c) => ({ c, init: false }))];
    return statuses.flatMap(({ c, init: isInit }) => {
      const list: Target[] = [];
      if (c.state?.running || c.state?.terminated || (c.restartCount ?? 0) === 0)
        list.push({ pod, container: c.name, previous: false, own, peer, init: isInit });
      if ((c.restartCount ?? 0) > 0 || c.lastState?.terminated)
        list.push({ pod, container: c.name, previous: true, own, peer, init: isInit });
      return list;
    });
  });
}

type Read = { t: Target; text: string | null };

export async function readLogs(cluster: ClusterReader, namespace: string, wanted: Target[]): Promise<Read[]> {
  return Promise.all(
    wanted.map(async (t) => ({
      t,
      text: await cluster.readPodLog(namespace, t.pod.metadata?.name ?? "", t.container, {
        previous: t.previous,
        tailLines: TAIL_LINES,
        limitBytes: LIMIT_BYTES,
      }),
    })),
  );
}

/** The workload's own logs (read first: they name the peers whose logs are read next). */
export const ownLogTargets = (own: V1Pod[]) => targets(own, true, 3);
/** A named dependency's pods first, then other unhealthy pods of the namespace. */
export const otherLogTargets = (peers: V1Pod[], others: V1Pod[]) => [
  ...targets(peers, false, 2, true),
  ...targets(
    others.filter((p) => isUnhealthy(p) && !peers.includes(p)),
    false,
    2,
  ),
];

export function logDrafts(reads: Read[]): Draft[] {
  const seen = new Set<string>();
  const drafts: Draft[] = [];
  for (const { t, text } of reads) {
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
    const figures = lines.filter((l) => l.figure).length;
    const score =
      (t.own ? 4 : t.peer ? 3.2 : 2.5) +
      Math.min(errors, 3) * 0.3 +
      Math.min(figures, 2) * 0.3 +
      (t.previous ? 0.5 : 0) +
      (t.init ? 0.5 : 0);
    const where = `${t.pod.metadata?.name}/${t.container}${t.init ? " (init container)" : ""}${t.previous ? " (previous container)" : ""}${t.peer ? " (a dependency it names)" : ""}`;
    const facts = lines.map((l) => ({
      kind: "log" as const,
      text: l.text,
      level: l.level,
      pod: t.pod.metadata?.name ?? "",
      container: t.container,
      previous: t.previous,
      last: l.last,
      own: t.own,
      peer: t.peer,
      init: t.init,
      count: l.count,
    }));
    drafts.push(draft("logs", `Logs of ${where}`, lines.map(renderLine), score, facts));
  }
  return drafts;
}
