// Clues about what the workload depends on: the peers it calls, the names it resolves, the
// certificates it checks, the network path, the nodes it runs on, room to schedule, its disk.
import type { EvidenceSet } from "@/lib/evidence/types";
import { clip, factsOf, weight, type Text } from "@/lib/rca/rules/texts";
import type { Clue } from "@/lib/rca/rules/clues-workload";
import * as P from "@/lib/rca/rules/patterns";

const NAMES_PEER =
  /[\w.-]+:\d{2,5}\b|https?:\/\/|\b(postgres(ql)?|mysql|mariadb|redis|kafka|mongo(db)?|rabbitmq|amqp|elasticsearch|database|db|upstream|broker|backend|api|service|server|host|calling|while calling|to [\w.-]+\.[a-z]{2,})\b/i;
const ids = (ts: { evidenceId: string }[]) => [...new Set(ts.map((t) => t.evidenceId))];
const near = (ts: Text[], origins: Text["origin"][] = ["own", "peer"]) => ts.filter((t) => origins.includes(t.origin));
const strongest = (ts: Text[], base: number) => base * Math.max(...ts.map(weight)) + Math.min(ts.length - 1, 2) * 0.02;

/** One signature, read where it matters: the workload's own lines and its named dependency's. */
function bySignature(cause: Clue["cause"], pattern: RegExp, sym: Text[], base: number, say: string): Clue[] {
  const hits = near(sym).filter((t) => pattern.test(t.text));
  if (!hits.length) return [];
  return [{ cause, strength: Math.min(0.96, strongest(hits, base)), cites: ids(hits), why: `${say}: "${clip(hits[0]!.text)}"` }];
}

export function certificateClues(sym: Text[]): Clue[] {
  return bySignature("certificate_expired", P.CERT_EXPIRED, sym, 0.94, "a TLS certificate has expired");
}

export function diskClues(evidence: EvidenceSet, sym: Text[]): Clue[] {
  const clues = bySignature("disk_full", P.DISK_FULL, sym, 0.92, "out of space");
  const disk = factsOf(evidence, "metric").find((m) => m.signal === "disk_used_ratio");
  if (disk && disk.recent > 0.95)
    clues.push({ cause: "disk_full", strength: 0.86, cites: [disk.evidenceId], why: `volume ${(disk.recent * 100).toFixed(0)}% full` });
  return clues;
}

export function poolClues(evidence: EvidenceSet, sym: Text[]): Clue[] {
  return bySignature("db_connection_exhaustion", P.DB_POOL, sym, 0.92, "no free database connection");
}

/** Blocked egress or ingress: timeouts while a NetworkPolicy selects the pods. */
function policyState(evidence: EvidenceSet) {
  const policy = evidence.items.find((i) => i.source === "network");
  const ownLines = policy?.lines.filter((l) => !l.includes("(on the dependency")) ?? [];
  const change = factsOf(evidence, "change").find(
    (f) => /network ?polic/i.test(f.summary) || /deny.{0,12}egress|egress.{0,12}deny/i.test(`${f.name} ${f.summary}`),
  );
  // A change that applied a deny-all egress baseline says what the policy object would; "DNS allowed" keeps names resolving.
  const changeDenies = !!change && /deny.{0,12}egress|egress.{0,12}deny/i.test(`${change.name} ${change.summary}`);
  const dnsAllowed = !!change && /dns allowed|allow.{0,10}dns/i.test(change.summary);
  const egress = ownLines.some((l) => /Egress/.test(l)) || changeDenies;
  // Egress denied outright (an Egress policy with no rules): every outbound call fails, names included.
  const denyAll = ownLines.some((l) => /Egress/.test(l) && /\b0 egress rule|no egress rules/.test(l)) || changeDenies;
  // A policy that admits only some callers to a peer (an ingress allow-list) drops everyone else's connections.
  const restricts = !!change && /only .{1,60}(may|can) (connect|reach|talk)|allow[- ]only|ingress/i.test(change.summary);
  return { policy, egress, denyAll, dnsAllowed, restricts, change };
}

export function networkClues(evidence: EvidenceSet, sym: Text[]): Clue[] {
  const { policy, egress, denyAll, dnsAllowed, restricts, change } = policyState(evidence);
  if (!policy && !change) return [];
  const own = near(sym, ["own"]).filter((t) => t.fact.kind === "log");
  const dns = (t: Text) => !dnsAllowed && (P.DNS.test(t.text) || P.DNS_UNREACHABLE.test(t.text));
  const timeouts = own.filter(
    (t) =>
      P.TIMEOUT.test(t.text) ||
      (egress && dns(t) && (denyAll || P.DNS_UNREACHABLE.test(t.text))) ||
      ((denyAll || restricts) && P.DEP_REFUSED.test(t.text)),
  );
  if (!timeouts.length) return [];
  const cites = [...ids(timeouts), ...(policy ? [policy.id] : []), ...(change ? [change.evidenceId] : [])];
  return [
    {
      cause: "network_policy",
      strength: change || denyAll ? 0.9 : 0.86,
      cites,
      why: `connections fail while a NetworkPolicy ${denyAll ? "denying egress " : ""}selects these pods: "${clip(timeouts[0]!.text)}"`,
    },
  ];
}

export function dnsClues(evidence: EvidenceSet, sym: Text[]): Clue[] {
  const hits = near(sym).filter((t) => P.DNS.test(t.text));
  if (!hits.length) return [];
  // A resolver that never answered, behind an egress policy, is the policy's doing.
  const { egress, denyAll, dnsAllowed } = policyState(evidence);
  const unreachable = hits.every((t) => P.DNS_UNREACHABLE.test(t.text));
  const base = !dnsAllowed && (denyAll || (egress && unreachable)) ? 0.6 : 0.9;
  const dns = factsOf(evidence, "peer").filter((p) => p.service === "kube-dns" && p.unhealthy > 0);
  const why = `name resolution fails: "${clip(hits[0]!.text)}"${dns[0] ? `; ${dns[0].unhealthy} of ${dns[0].pods} cluster DNS pods unhealthy` : ""}`;
  return [
    {
      cause: "dns_failure",
      strength: Math.min(0.95, strongest(hits, base) + (dns.length ? 0.04 : 0)),
      cites: [...ids(hits), ...ids(dns)],
      why,
    },
  ];
}

/** How often the workload printed a line (a collapsed repeat counts each time). */
const repeats = (t: Text) => (t.fact.kind === "log" ? (t.fact.count ?? 1) : 1);
/** One warning of a reset is the network's weather; errors, or the same failure again and again, are an outage. */
const serious = (t: Text) => t.level === "error" || repeats(t) >= 3;

/** What the workload's own logs say of its calls to others: refused, reset or unreachable, or timed
 * out while naming the peer or in an outbound client ("request failed | context deadline exceeded"
 * alone is the workload's own slowness, saturation, not a peer's). An alert's "service is down" is
 * the symptom, not a call. */
export function failedCalls(sym: Text[], hasPolicy: boolean): { refused: Text[]; timeouts: Text[] } {
  const logs = near(sym, ["own"]).filter((t) => t.fact.kind !== "alert");
  const refused = logs.filter((t) => P.DEP_REFUSED.test(t.text));
  const timeouts = hasPolicy
    ? []
    : logs.filter((t) => P.TIMEOUT.test(t.text) && t.level !== "info" && (NAMES_PEER.test(t.text) || P.OUTBOUND_TIMEOUT.test(t.text)));
  return { refused, timeouts };
}

/** Named dependencies whose own pods are down or gone (the cluster's DNS is DNS's trouble, not a dependency's). */
export const peersDown = (evidence: EvidenceSet) =>
  factsOf(evidence, "peer").filter((p) => p.service !== "kube-dns" && (p.unhealthy > 0 || p.pods === 0));

/** A dependency the workload names is failing it: its calls fail again and again, or the peer's pods are down. */
export function dependencyFails(evidence: EvidenceSet, sym: Text[]): boolean {
  const { refused, timeouts } = failedCalls(sym, false);
  return [...refused, ...timeouts].some(serious) || peersDown(evidence).length > 0;
}

/** The peer is down or refuses: in our logs, in its own pods, or in both. */
export function dependencyClues(evidence: EvidenceSet, sym: Text[], hasPolicy: boolean): Clue[] {
  const clues: Clue[] = [];
  const { refused, timeouts } = failedCalls(sym, hasPolicy);
  const down = peersDown(evidence);
  const said = [...refused, ...timeouts];
  if (said.length) {
    // A peer whose own pods are down makes even one failed call to it an outage.
    const base = !said.some(serious) && !down.length ? 0.55 : refused.length ? 0.8 : 0.78;
    // A failure repeated again and again is an outage at whatever level its logger printed it: client
    // libraries log their retries at info, and some severities ("%3|" from librdkafka) read as none.
    const weighed = said.map((t) => (t.level === "info" && repeats(t) >= 3 ? { ...t, level: "warn" as const } : t));
    const strength = Math.min(0.94, strongest(weighed, base) + (down.length ? 0.1 : 0));
    clues.push({
      cause: "dependency_failure",
      strength,
      cites: [...ids(said), ...ids(down)],
      why: `calls to a dependency fail: "${clip(said[0]!.text)}"${down[0] ? `; ${down[0].service} has ${down[0].unhealthy} unhealthy of ${down[0].pods} pods` : ""}`,
    });
  } else if (down.length) {
    clues.push({
      cause: "dependency_failure",
      strength: 0.7,
      cites: ids(down),
      why: `the dependency ${down[0]!.service} its logs name is unhealthy (${down[0]!.states[0] ?? "no pods"})`,
    });
  }
  return clues;
}

export function nodeClues(evidence: EvidenceSet, all: Text[]): Clue[] {
  const clues: Clue[] = [];
  const nodes = factsOf(evidence, "node");
  if (nodes.length)
    clues.push({
      cause: "node_pressure",
      strength: 0.9,
      cites: ids(nodes),
      why: `node ${nodes[0]!.node}: ${nodes[0]!.condition}=${nodes[0]!.status} ${clip(nodes[0]!.message, 100)}`,
    });
  const evicted = factsOf(evidence, "podStatus").filter((p) => /Evicted|NodeLost|Shutdown/.test(p.reason));
  if (evicted.length)
    clues.push({
      cause: "node_pressure",
      strength: 0.9,
      cites: ids(evicted),
      why: `pod ${evicted[0]!.pod} ${evicted[0]!.reason}: ${clip(evicted[0]!.message, 120)}`,
    });
  const words = all.filter(
    (t) =>
      (t.origin === "own" || t.fact.kind === "event") && t.fact.kind !== "log" && P.NODE.test(t.text) && !/FailedScheduling/.test(t.text),
  );
  const taints = all.filter((t) => t.origin === "own" && P.NODE_TAINT.test(t.text));
  const hits = [...words, ...taints];
  if (hits.length)
    clues.push({
      cause: "node_pressure",
      strength: Math.min(0.9, strongest(hits, 0.86)),
      cites: ids(hits),
      why: `"${clip(hits[0]!.text)}"`,
    });
  return clues;
}

export function capacityClues(evidence: EvidenceSet, all: Text[]): Clue[] {
  const clues: Clue[] = [];
  const pending = factsOf(evidence, "unschedulable").filter((u) => !P.NODE_TAINT.test(u.message));
  const events = all.filter(
    (t) => t.origin === "own" && t.fact.kind === "event" && P.UNSCHEDULABLE.test(t.text) && !P.NODE_TAINT.test(t.text),
  );
  if (pending.length || events.length) {
    const first = pending[0]?.message ?? events[0]!.text;
    clues.push({
      cause: "capacity_limit",
      strength: 0.9,
      cites: [...ids(pending), ...ids(events)],
      why: `pods cannot be scheduled: "${clip(first)}"`,
    });
  }
  const hpa = factsOf(evidence, "hpa").find((h) => h.max > 0 && h.current >= h.max && h.desired >= h.max);
  if (hpa)
    clues.push({
      cause: "capacity_limit",
      strength: 0.86,
      cites: [hpa.evidenceId],
      why: `the autoscaler is at its maximum of ${hpa.max} replicas`,
    });
  return clues;
}
