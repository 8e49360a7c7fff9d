// The rule engine's inference: every clue the facts yield (lib/rca/rules/clues-*.ts), merged
// into one finding per cause, then weighed mechanism against coincidence — a rollout explains
// errors only if they are in its code; a probe that fails on a saturated app is saturation; a
// CPU spike behind a failing dependency is a retry storm. Each rule below says which of two
// easily confused causes a fact decides, and why.
import type { EvidenceSet } from "@/lib/evidence/types";
import type { RootCause } from "@/lib/scenarios/schema";
import { seriesLabel } from "@/lib/anomaly/describe";
import { factsOf, symptoms, texts, clip } from "@/lib/rca/rules/texts";
import { configClues, cpuClues, deployClues, memoryClues, probeClues, pullClues, type Clue } from "@/lib/rca/rules/clues-workload";
import {
  capacityClues,
  certificateClues,
  dependencyClues,
  diskClues,
  dnsClues,
  networkClues,
  nodeClues,
  poolClues,
} from "@/lib/rca/rules/clues-surroundings";

export type Finding = { cause: RootCause; score: number; cites: string[]; why: string[] };

/** A container that dies or never starts, rather than failing while it serves. */
function crashedAtStart(evidence: EvidenceSet): boolean {
  const waiting = factsOf(evidence, "waiting").some((w) =>
    /CrashLoopBackOff|CreateContainerConfigError|CreateContainerError|RunContainerError/.test(w.reason),
  );
  const died = factsOf(evidence, "terminated").some(
    (t) => !/OOM/i.test(t.reason) && t.exitCode !== 0 && (t.uptimeSeconds === null || t.uptimeSeconds < 600),
  );
  return waiting || died || factsOf(evidence, "job").some((j) => j.failed);
}

export function clues(evidence: EvidenceSet, alertStart: Date): Clue[] {
  const all = texts(evidence);
  const sym = symptoms(all);
  const crashed = crashedAtStart(evidence);
  const hasPolicy = evidence.items.some((i) => i.source === "network");
  return [
    ...pullClues(evidence, all),
    ...configClues(evidence, sym, crashed),
    ...memoryClues(evidence, sym),
    ...probeClues(evidence, all),
    ...cpuClues(evidence, all),
    ...deployClues(evidence, sym, alertStart),
    ...certificateClues(sym),
    ...diskClues(evidence, sym),
    ...poolClues(evidence, sym),
    ...networkClues(evidence, sym),
    ...dnsClues(evidence, sym),
    ...dependencyClues(evidence, sym, hasPolicy),
    ...nodeClues(evidence, all),
    ...capacityClues(evidence, all),
    ...anomalyDeployClues(evidence),
  ];
}

/** One finding per cause: its strongest clue, a little more for independent corroboration. */
function merge(list: Clue[]): Map<RootCause, Finding> {
  const byCause = new Map<RootCause, Finding>();
  for (const c of [...list].sort((a, b) => b.strength - a.strength)) {
    const seen = byCause.get(c.cause);
    if (!seen) byCause.set(c.cause, { cause: c.cause, score: c.strength, cites: [...c.cites], why: [c.why] });
    else {
      seen.score = Math.min(0.97, seen.score + (seen.why.length < 3 ? 0.02 : 0));
      seen.cites.push(...c.cites);
      seen.why.push(c.why);
    }
  }
  return byCause;
}

/** Which cause a stronger mechanism overrules, by how much, and the discriminator behind it. */
const overrules: { strong: RootCause[]; at: number; weak: RootCause; by: number; unless?: (f: Finding) => boolean }[] = [
  // A deploy in the window is a coincidence when another mechanism explains the errors, unless they are in its code.
  {
    strong: [
      "certificate_expired",
      "dns_failure",
      "dependency_failure",
      "db_connection_exhaustion",
      "node_pressure",
      "capacity_limit",
      "disk_full",
      "network_policy",
      "image_pull",
      "bad_config",
      "oom_killed",
      "memory_leak",
    ],
    at: 0.84,
    weak: "bad_deploy",
    by: 0.3,
    unless: (f) => f.score >= 0.85,
  },
  { strong: ["certificate_expired", "dns_failure", "network_policy"], at: 0.84, weak: "bad_deploy", by: 0.15 },
  // Errors that are all failed calls to a peer say the peer failed, unless the new code itself throws.
  {
    strong: ["dependency_failure", "db_connection_exhaustion", "network_policy", "dns_failure", "certificate_expired"],
    at: 0.68,
    weak: "bad_deploy",
    by: 0.25,
    unless: (f) => f.score >= 0.85,
  },
  // Probes fail on a saturated or crashing app: the probe is the symptom.
  {
    strong: [
      "cpu_saturation",
      "dependency_failure",
      "db_connection_exhaustion",
      "oom_killed",
      "bad_config",
      "memory_leak",
      "node_pressure",
    ],
    at: 0.7,
    weak: "probe_failure",
    by: 0.3,
  },
  // A CPU spike behind a failing dependency is a retry storm; an HPA at its maximum is capacity.
  {
    strong: ["dependency_failure", "db_connection_exhaustion", "capacity_limit", "certificate_expired", "dns_failure"],
    at: 0.75,
    weak: "cpu_saturation",
    by: 0.3,
  },
  // Failed calls whose mechanism is named (pool, name, certificate, policy) are that mechanism.
  {
    strong: ["db_connection_exhaustion", "dns_failure", "certificate_expired", "network_policy", "image_pull", "bad_config", "disk_full"],
    at: 0.84,
    weak: "dependency_failure",
    by: 0.25,
  },
  // A node's disk pressure or an eviction is the node's trouble, not one volume's.
  { strong: ["node_pressure"], at: 0.88, weak: "disk_full", by: 0.15 },
  // Pods that cannot be placed because nodes are not ready are the nodes' trouble.
  { strong: ["node_pressure"], at: 0.88, weak: "capacity_limit", by: 0.1 },
  // A crash on configuration at start says nothing of memory or the network.
  { strong: ["bad_config"], at: 0.9, weak: "dns_failure", by: 0.1 },
];

export function detect(evidence: EvidenceSet, alertStart: Date): Finding[] {
  const byCause = merge(clues(evidence, alertStart));
  const before = new Map([...byCause].map(([k, f]) => [k, f.score]));
  for (const rule of overrules) {
    const weak = byCause.get(rule.weak);
    if (!weak || rule.unless?.(weak)) continue;
    const winner = rule.strong.find((c) => c !== rule.weak && (before.get(c) ?? 0) >= rule.at);
    if (!winner) continue;
    weak.score = Math.max(0, weak.score - rule.by);
    weak.why.push(`weighed down: ${winner.replace(/_/g, " ")} explains it better`);
  }
  return [...byCause.values()].sort((a, b) => b.score - a.score);
}

/** Anomalies in pushed telemetry that began within 30 minutes after a deploy of the same
 * service (lib/anomaly correlates them): the deploy is the suspect. Anomalies without a deploy
 * name no cause: they corroborate other findings, they never decide one. */
function anomalyDeployClues(evidence: EvidenceSet): Clue[] {
  const anomalies = factsOf(evidence, "anomaly").filter((f) => f.change?.changeKind === "deploy");
  const first = anomalies[0];
  if (!first?.change) return [];
  const deploy = first.change;
  const nameOf = (service: string) => service.slice(service.indexOf("/") + 1);
  const listed = factsOf(evidence, "change").filter(
    (f) => f.changeKind === "deploy" && f.name === nameOf(deploy.service) && Date.parse(f.at) === Date.parse(deploy.at),
  );
  const strong = anomalies.some((a) => a.severity === "critical") || new Set(anomalies.map((a) => `${a.service} ${a.metric}`)).size > 1;
  const minutes = Math.max(0, Math.round((Date.parse(first.at) - Date.parse(deploy.at)) / 60_000));
  const what = [deploy.service, deploy.version].filter(Boolean).join(" ");
  return [
    {
      cause: "bad_deploy",
      strength: strong ? 0.78 : 0.7,
      cites: [...new Set(anomalies.map((a) => a.evidenceId)), ...listed.map((c) => c.evidenceId)],
      why: `${seriesLabel(first.metric)} of ${first.service} turned anomalous (z = ${first.z.toFixed(1)}) ${minutes} min after the deploy of ${what}: ${clip(deploy.summary, 120)}`,
    },
  ];
}
