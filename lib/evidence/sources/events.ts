// Kubernetes events about the workload and its pods (and, less weighted, warnings about
// anything else in the namespace): back-offs, failed pulls, probe failures, scheduling.
import type { CoreV1Event } from "@kubernetes/client-node";
import { draft, type Draft, type DraftFact } from "@/lib/evidence/draft";
import { lineTemplate } from "@/lib/evidence/log-lines";

type Group = { e: CoreV1Event; count: number; objects: Set<string> };

// Reasons that say what happened to a pod, even when the kubelet files them as Normal
// ("Marking for deletion Pod" from a NotReady node, a liveness kill): shown before routine ones.
const DECISIVE =
  /^(TaintManagerEviction|Evicted|Killing|OOMKilling|FailedScheduling|NodeNotReady|NodeHasDiskPressure|NodeHasInsufficientMemory|FailedMount|FailedAttachVolume|Preempted|Preempting|BackoffLimitExceeded|DeadlineExceeded|FailedCreate|Failed|Unhealthy|SystemOOM)$/;
const rank = (g: Group) => (DECISIVE.test(g.e.reason ?? "") ? 2 : 0) + (g.e.type === "Warning" ? 1 : 0);

function group(events: CoreV1Event[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of events) {
    const key = `${e.type}|${e.reason}|${lineTemplate(e.message ?? "")}`;
    const g = groups.get(key) ?? { e, count: 0, objects: new Set<string>() };
    g.count += e.count ?? 1;
    g.objects.add(`${e.involvedObject?.kind?.toLowerCase() ?? "object"}/${e.involvedObject?.name ?? "?"}`);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => rank(b) - rank(a) || b.count - a.count);
}

function render(g: Group): string {
  const objects = [...g.objects];
  const on = objects.length > 2 ? `${objects.slice(0, 2).join(", ")} +${objects.length - 2} more` : objects.join(", ");
  return `${g.e.type} ${g.e.reason} (×${g.count}) ${on}: ${(g.e.message ?? "").trim()}`;
}

export function eventDrafts(
  events: CoreV1Event[],
  related: (name: string) => boolean,
  workload: string,
  peer: (name: string) => boolean = () => false,
): Draft[] {
  const name = (e: CoreV1Event) => e.involvedObject?.name ?? "";
  const mine = group(events.filter((e) => related(name(e))));
  const peers = group(events.filter((e) => !related(name(e)) && peer(name(e))));
  const others = group(events.filter((e) => !related(name(e)) && !peer(name(e)) && e.type === "Warning"));
  const facts = (groups: Group[], own: boolean): DraftFact[] =>
    groups.map((g) => ({
      kind: "event",
      reason: g.e.reason ?? "",
      message: (g.e.message ?? "").trim(),
      type: g.e.type ?? "",
      count: g.count,
      object: [...g.objects][0] ?? "",
      own,
    }));
  const drafts: Draft[] = [];
  if (mine.length) {
    const warnings = mine.some((g) => g.e.type === "Warning");
    drafts.push(
      draft("events", `Events of ${workload} and its pods`, mine.slice(0, 8).map(render), warnings ? 5 : 1, facts(mine.slice(0, 8), true)),
    );
  }
  if (peers.length)
    drafts.push(
      draft("events", "Events of the dependency its logs name", peers.slice(0, 5).map(render), 3.5, facts(peers.slice(0, 5), false)),
    );
  if (others.length)
    drafts.push(draft("events", "Other warnings in the namespace", others.slice(0, 5).map(render), 2, facts(others.slice(0, 5), false)));
  return drafts;
}
