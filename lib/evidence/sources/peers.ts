// The dependencies a workload's own logs name: a Service of the namespace whose name (or
// cluster IP) appears in an error or a connection line is a peer, and the health of the pods
// behind it often decides between "our code broke" and "what we call is down".
import type { V1Pod, V1Service } from "@kubernetes/client-node";
import { draft, type Draft } from "@/lib/evidence/draft";
import { isUnhealthy } from "@/lib/evidence/sources/pods";

export type Peer = { host: string; service: V1Service; pods: V1Pod[] };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A line about talking to something: where a peer's name means a connection, not a word.
const CONNECTING =
  /connect|dial|refused|timed? ?out|timeout|unreachable|unavailable|reset|resolve|lookup|host|tcp|http|jdbc|postgres|mysql|redis|kafka|amqp|grpc|upstream|backend|database|\berror\b|fail/i;

function podsOf(service: V1Service, pods: V1Pod[]): V1Pod[] {
  const selector = Object.entries(service.spec?.selector ?? {});
  if (selector.length === 0) return [];
  return pods.filter((p) => selector.every(([k, v]) => p.metadata?.labels?.[k] === v));
}

/** Services named in the lines (by name, FQDN or cluster IP), other than the workload's own. */
export function namedPeers(lines: string[], services: V1Service[], pods: V1Pod[], own: V1Pod[]): Peer[] {
  const telling = lines.filter((l) => CONNECTING.test(l));
  const peers: Peer[] = [];
  for (const service of services) {
    const name = service.metadata?.name ?? "";
    const behind = podsOf(service, pods);
    if (!name || behind.some((p) => own.includes(p))) continue;
    const ip = service.spec?.clusterIP && service.spec.clusterIP !== "None" ? service.spec.clusterIP : null;
    const pattern = new RegExp(`(^|[^\\w.-])(${escape(name)})(\\.[\\w.-]+)?(:\\d+|[^\\w-]|$)${ip ? `|\\b${escape(ip)}\\b` : ""}`, "i");
    const hit = telling.map((l) => pattern.exec(l)).find((m) => m !== null);
    if (hit) peers.push({ host: hit[0].trim().replace(/^[^\w]+|[^\w.:-]+$/g, ""), service, pods: behind });
  }
  return peers.slice(0, 2);
}

function podState(p: V1Pod): string {
  const c = [...(p.status?.containerStatuses ?? [])].find((s) => s.state?.waiting || !s.ready);
  const why = c?.state?.waiting?.reason ?? c?.lastState?.terminated?.reason ?? p.status?.reason ?? (c && !c.ready ? "not ready" : "");
  return `${p.metadata?.name}: ${p.status?.phase ?? "?"}${why ? ` (${why})` : ""}, restarts ${(p.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0)}`;
}

export function peerDrafts(peers: Peer[]): Draft[] {
  return peers.map((peer) => {
    const name = peer.service.metadata?.name ?? "";
    const ports = (peer.service.spec?.ports ?? []).map((p) => p.port).join(",");
    const unhealthy = peer.pods.filter(isUnhealthy);
    const states = peer.pods.slice(0, 4).map(podState);
    const lines = [
      `named in the logs as "${peer.host}": Service ${name}${ports ? `:${ports}` : ""}, ${peer.pods.length} pod(s) behind it, ${unhealthy.length} unhealthy${peer.pods.length === 0 ? " (no endpoints)" : ""}`,
      ...states,
    ];
    return draft(
      "service",
      `Dependency ${name} (named by the workload's logs)`,
      lines,
      unhealthy.length || peer.pods.length === 0 ? 4.2 : 2.2,
      [
        {
          kind: "peer",
          host: peer.host,
          service: name,
          pods: peer.pods.length,
          unhealthy: unhealthy.length,
          states: unhealthy.slice(0, 3).map(podState),
        },
      ],
    );
  });
}
