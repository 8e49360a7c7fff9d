// The rule engine's detectors: each looks at the facts for one family of root causes and
// says how strongly they point at it, citing the evidence that does. Text found in logs,
// events and alerts is only ever matched against, never obeyed.
import type { EvidenceSet, Fact } from "@/lib/evidence/types";
import type { RootCause } from "@/lib/scenarios/schema";
import { codeError, signatures } from "@/lib/rca/rules/patterns";
import { seriesLabel } from "@/lib/anomaly/describe";

export type Finding = { cause: RootCause; score: number; cites: string[]; why: string[] };

type Text = { text: string; evidenceId: string; weight: number; fact: Fact };

const clipText = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A failing probe's own message ("dial tcp ...: connection refused") describes the probe,
 * not a dependency: it counts for probe failures only. */
const isProbeEvent = (t: Text) => t.fact.kind === "event" && (t.fact.reason === "Unhealthy" || signatures.probe_failure!.test(t.text));

function texts(facts: Fact[]): Text[] {
  const out: Text[] = [];
  for (const f of facts) {
    // Something else in the namespace (a dependency's pod) counts, but less than the workload itself.
    if (f.kind === "log") out.push({ text: f.text, evidenceId: f.evidenceId, weight: (f.level === "info" ? 0.7 : 1) * (f.own ? 1 : 0.6), fact: f });
    else if (f.kind === "event") out.push({ text: `${f.reason} ${f.message}`, evidenceId: f.evidenceId, weight: (f.type === "Warning" ? 1 : 0.5) * (f.own ? 1 : 0.5), fact: f });
    else if (f.kind === "waiting") out.push({ text: `${f.reason} ${f.message}`, evidenceId: f.evidenceId, weight: 1.1, fact: f });
    else if (f.kind === "terminated") out.push({ text: `${f.reason} exit code ${f.exitCode}`, evidenceId: f.evidenceId, weight: 1.1, fact: f });
    else if (f.kind === "unschedulable") out.push({ text: f.message, evidenceId: f.evidenceId, weight: 1.1, fact: f });
    else if (f.kind === "alert") out.push({ text: f.text, evidenceId: f.evidenceId, weight: 0.6, fact: f });
    else if (f.kind === "node") out.push({ text: `${f.condition}=${f.status} ${f.message}`, evidenceId: f.evidenceId, weight: 1, fact: f });
    else if (f.kind === "change") out.push({ text: f.summary, evidenceId: f.evidenceId, weight: 0.4, fact: f });
  }
  return out;
}

/** Score of a signature: the strongest weighted hit, a little more for corroboration. */
function bySignature(cause: RootCause, all: Text[], base: number): Finding | null {
  const pattern = signatures[cause];
  if (!pattern) return null;
  const hits = all.filter((t) => pattern.test(t.text));
  if (hits.length === 0) return null;
  const best = Math.max(...hits.map((h) => h.weight));
  const score = Math.min(0.97, base * best + Math.min(hits.length - 1, 3) * 0.02);
  const ranked = [...hits].sort((a, b) => b.weight - a.weight);
  return { cause, score, cites: ranked.map((h) => h.evidenceId), why: ranked.slice(0, 2).map((h) => `"${clipText(h.text)}"`) };
}

const SIGNATURE_BASE: Partial<Record<RootCause, number>> = {
  certificate_expired: 0.92,
  dns_failure: 0.9,
  disk_full: 0.9,
  db_connection_exhaustion: 0.9,
  image_pull: 0.95,
  bad_config: 0.82,
  node_pressure: 0.85,
  capacity_limit: 0.86,
  oom_killed: 0.9,
  cpu_saturation: 0.78,
  memory_leak: 0.6,
  dependency_failure: 0.72,
};

export function detect(evidence: EvidenceSet, alertStart: Date): Finding[] {
  const all = texts(evidence.facts);
  const findings: Finding[] = [];
  // A container that crashes at start, rather than failing while it serves.
  const crashLoop = evidence.facts.some((f) => (f.kind === "waiting" && /CrashLoopBackOff|CreateContainerConfigError/.test(f.reason)) || f.kind === "terminated");
  const symptoms = all.filter((t) => !isProbeEvent(t));
  for (const [cause, base] of Object.entries(SIGNATURE_BASE) as [RootCause, number][]) {
    const f = bySignature(cause, symptoms, cause === "bad_config" && crashLoop ? 0.9 : base);
    if (f) findings.push(f);
  }
  findings.push(
    ...[probeFinding(evidence, all), deployFinding(evidence, symptoms, alertStart), metricFinding(evidence), networkFinding(evidence, symptoms), leakFinding(evidence), autoscalerFinding(evidence), anomalyDeployFinding(evidence)].filter(
      (f): f is Finding => f !== null,
    ),
  );
  return findings;
}

/** Probes killing pods that were busy but healthy: the crashed container's last words are
 * ordinary work, not an error. */
function probeFinding(evidence: EvidenceSet, all: Text[]): Finding | null {
  const probe = all.filter((t) => t.fact.kind === "event" && t.fact.own && signatures.probe_failure!.test(t.text));
  if (probe.length === 0) return null;
  const previous = evidence.facts.filter((f): f is Extract<Fact, { kind: "log" }> => f.kind === "log" && f.previous);
  const crashedOnError = previous.some((f) => f.last && f.level === "error");
  const lastWords = previous.filter((f) => f.last && f.level !== "error");
  const score = crashedOnError ? 0.45 : lastWords.length ? 0.88 : 0.7;
  return { cause: "probe_failure", score, cites: [...probe.map((p) => p.evidenceId), ...lastWords.map((l) => l.evidenceId)], why: [`probe failures: "${probe[0]!.text.slice(0, 140)}"`, ...lastWords.slice(0, 1).map((l) => `last log before the kill: "${l.text.slice(0, 120)}"`)] };
}

/** A regression shipped by a recent rollout: the workload's own new revision or deploy
 * shortly before the alert, and errors in the application's own code. */
function deployFinding(evidence: EvidenceSet, all: Text[], alertStart: Date): Finding | null {
  const window = (iso: string | null) => iso !== null && alertStart.getTime() - Date.parse(iso) < 3 * 3600_000 && alertStart.getTime() - Date.parse(iso) > -15 * 60_000;
  const rollout = evidence.facts.find((f): f is Extract<Fact, { kind: "rollout" }> => f.kind === "rollout" && window(f.createdAt) && f.previousRevision !== null);
  const deploy = evidence.facts.find((f): f is Extract<Fact, { kind: "change" }> => f.kind === "change" && f.sameWorkload && f.changeKind === "deploy" && window(f.at));
  const codeErrors = all.filter((t) => t.fact.kind === "log" && codeError.test(t.text));
  if (!rollout && !deploy) return codeErrors.length ? { cause: "bad_deploy", score: 0.4, cites: codeErrors.map((c) => c.evidenceId), why: ["errors in the application's code, but no recent rollout"] } : null;
  const errorRate = evidence.facts.find((f) => f.kind === "metric" && f.signal === "error_ratio" && f.recent > Math.max(0.02, f.baseline * 3));
  // A revision that changed only configuration (a config checksum, env values) shipped no
  // new code: its errors are a config problem more than a code regression.
  const shippedCode = !rollout || rollout.changes.length === 0 || rollout.changes.some((c) => /image|command|added/.test(c));
  const score = codeErrors.length ? (shippedCode ? 0.86 : 0.6) : errorRate ? 0.62 : 0.35;
  const cites = [...codeErrors.map((c) => c.evidenceId), ...(deploy ? [deploy.evidenceId] : []), ...(rollout ? [rollout.evidenceId] : [])];
  const why = [rollout ? `revision ${rollout.revision} rolled out at ${rollout.createdAt}` : `deploy at ${deploy!.at}: ${deploy!.summary.slice(0, 140)}`];
  if (codeErrors[0]) why.push(`code error since: "${clipText(codeErrors[0].text)}"`);
  return { cause: "bad_deploy", score, cites, why };
}

/** Saturation and leaks seen in the metrics, where logs say nothing. */
function metricFinding(evidence: EvidenceSet): Finding | null {
  const metric = (signal: string) => evidence.facts.find((f): f is Extract<Fact, { kind: "metric" }> => f.kind === "metric" && f.signal === signal);
  const throttled = metric("cpu_throttled_ratio");
  if (throttled && throttled.recent > 0.25) return { cause: "cpu_saturation", score: 0.8, cites: [throttled.evidenceId], why: [`CPU throttled ${(throttled.recent * 100).toFixed(0)}% of periods`] };
  const disk = metric("disk_used_ratio");
  if (disk && disk.recent > 0.92) return { cause: "disk_full", score: 0.8, cites: [disk.evidenceId], why: [`volume ${(disk.recent * 100).toFixed(0)}% full`] };
  const memory = metric("memory_working_set_bytes");
  const oom = evidence.facts.some((f) => f.kind === "terminated" && /OOM/i.test(f.reason));
  if (memory && !oom && memory.recent > memory.baseline * 1.6 && memory.recent >= memory.max * 0.95) {
    return { cause: "memory_leak", score: 0.66, cites: [memory.evidenceId], why: ["memory keeps growing without a limit kill yet"] };
  }
  return null;
}

/** OOM kills that come only after hours of uptime: memory grows until the limit, a leak. */
function leakFinding(evidence: EvidenceSet): Finding | null {
  const kills = evidence.facts.filter((f): f is Extract<Fact, { kind: "terminated" }> => f.kind === "terminated" && /OOM/i.test(f.reason));
  const longLived = kills.filter((k) => k.uptimeSeconds !== null && k.uptimeSeconds >= 3 * 3600);
  if (kills.length === 0 || longLived.length < Math.ceil(kills.length / 2)) return null;
  return { cause: "memory_leak", score: 0.98, cites: longLived.map((k) => k.evidenceId), why: [`OOM-killed only after ${(longLived[0]!.uptimeSeconds! / 3600).toFixed(1)}h of uptime: memory grows until the limit`] };
}

/** An autoscaler pinned at its maximum: the workload needs more replicas than it may have. */
function autoscalerFinding(evidence: EvidenceSet): Finding | null {
  const hpa = evidence.facts.find((f): f is Extract<Fact, { kind: "hpa" }> => f.kind === "hpa" && f.max > 0 && f.current >= f.max && f.desired >= f.max);
  if (!hpa) return null;
  return { cause: "capacity_limit", score: 0.84, cites: [hpa.evidenceId], why: [`the autoscaler is at its maximum of ${hpa.max} replicas`] };
}

/** Timeouts to peers that a NetworkPolicy now governs. */
function networkFinding(evidence: EvidenceSet, all: Text[]): Finding | null {
  const policy = evidence.items.find((i) => i.source === "network");
  const policyChange = evidence.facts.find((f) => f.kind === "change" && /network ?polic/i.test(f.summary));
  const timeouts = all.filter((t) => t.fact.kind === "log" && /timed? ?out|i\/o timeout|ETIMEDOUT|No route to host/i.test(t.text));
  if ((!policy && !policyChange) || timeouts.length === 0) return null;
  const cites = [...timeouts.map((t) => t.evidenceId), ...(policy ? [policy.id] : []), ...(policyChange ? [policyChange.evidenceId] : [])];
  return { cause: "network_policy", score: policyChange ? 0.87 : 0.6, cites, why: ["connections time out while a NetworkPolicy selects these pods"] };
}

/** Anomalies in pushed telemetry that began within 30 minutes after a deploy of the same
 * service (lib/anomaly correlates them): the deploy is the suspect, cited with the anomalies
 * and with the change itself where the change feed lists it. Anomalies without a deploy name
 * no cause: they corroborate other findings, they never decide one. */
function anomalyDeployFinding(evidence: EvidenceSet): Finding | null {
  const anomalies = evidence.facts.filter((f): f is Extract<Fact, { kind: "anomaly" }> => f.kind === "anomaly" && f.change?.changeKind === "deploy");
  const first = anomalies[0];
  if (!first?.change) return null;
  const deploy = first.change;
  const nameOf = (service: string) => service.slice(service.indexOf("/") + 1);
  const listed = evidence.facts.filter(
    (f): f is Extract<Fact, { kind: "change" }> => f.kind === "change" && f.changeKind === "deploy" && f.name === nameOf(deploy.service) && Date.parse(f.at) === Date.parse(deploy.at),
  );
  // More than one series gone wrong, or one gone far, after the same deploy: a stronger suspicion.
  const strong = anomalies.some((a) => a.severity === "critical") || new Set(anomalies.map((a) => `${a.service} ${a.metric}`)).size > 1;
  const minutes = Math.max(0, Math.round((Date.parse(first.at) - Date.parse(deploy.at)) / 60_000));
  const what = [deploy.service, deploy.version].filter(Boolean).join(" ");
  return {
    cause: "bad_deploy",
    score: strong ? 0.78 : 0.7,
    cites: [...new Set(anomalies.map((a) => a.evidenceId)), ...listed.map((c) => c.evidenceId)],
    why: [`${seriesLabel(first.metric)} of ${first.service} turned anomalous (z = ${first.z.toFixed(1)}) ${minutes} min after the deploy of ${what}: ${clipText(deploy.summary, 120)}`],
  };
}
