// The remediation guard: decides whether a proposed action may be executed at all, before
// a human sees the approve button, and says why in words people can check. It is a pure
// function of the proposal, the incident and a few facts the caller looked up, so the same
// verdict can be recomputed at approval and execution time. The target rule is the
// prompt-injection defence: whatever a model was talked into, it may only touch the
// incident's own workload. The cause rule holds every action to the safety table
// (lib/rca/safety.ts) the engines propose by: it must follow from the RCA's root cause on its
// target's kind, whatever proposed it. The writable rule holds it to what the executor can
// patch: a rollback of a StatefulSet may be safe, but the writer patches Deployments only, and
// must never patch a same-named Deployment in its place.
import { AUTONOMOUS_CONFIDENCE_FLOOR, type ExecutableKind, type PolicyConfig } from "@/lib/remediation/policy-config";
import { unsafeReason } from "@/lib/rca/safety";
import { rootCauses, workloadKinds, type RootCause, type WorkloadKind } from "@/lib/scenarios/schema";

export type Risk = "low" | "medium" | "high";
export type WorkloadRef = { kind: string; namespace: string; name: string };

export type PolicyInput = {
  action: {
    kind: ExecutableKind | "none";
    namespace: string;
    name: string;
    targetKind: string;
    replicas: number | null;
    risk: Risk;
    confidence: number | null;
    /** An undo restores what ran before an executed action: it follows from no root cause. */
    undo?: boolean;
  };
  /** The root cause of the RCA that proposed the action; null when none is on record. */
  rootCause: string | null;
  incident: { namespace: string; workloads: WorkloadRef[] };
  currentReplicas: number | null;
  /** Executed actions on this workload within the policy's rate window. */
  recentExecutions: number;
  watchtower: { active: boolean; reason: string | null };
};

export type PolicyReason = { rule: string; ok: boolean; message: string };

export type PolicyVerdict = {
  allowed: boolean;
  reasons: PolicyReason[];
  highRisk: boolean;
  requiredApprovals: 1 | 2;
  autonomous: { allowed: boolean; policy: string | null; reason: string };
};

/** `*` matches everything, `team-*` every namespace starting with `team-`, anything else itself. */
export function matchesNamespace(pattern: string, namespace: string): boolean {
  if (namespace === "") return false;
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return namespace.startsWith(pattern.slice(0, -1));
  return pattern === namespace;
}

const label = (w: WorkloadRef) => `${w.kind} ${w.namespace}/${w.name}`;
const num = (n: number) => String(Number(n.toFixed(3)));
const pass = (rule: string, message: string): PolicyReason => ({ rule, ok: true, message });
const fail = (rule: string, message: string): PolicyReason => ({ rule, ok: false, message });

function namespaceRule(namespace: string, config: PolicyConfig): PolicyReason {
  const denied = config.deniedNamespaces.find((p) => matchesNamespace(p, namespace));
  if (denied) return fail("namespace", `namespace ${namespace} is denied by policy (${denied})`);
  if (config.allowedNamespaces.some((p) => matchesNamespace(p, namespace))) return pass("namespace", `namespace ${namespace} is allowed`);
  return fail("namespace", `namespace ${namespace} is not in the allowed namespaces (${config.allowedNamespaces.join(", ") || "none"})`);
}

function actionRule(kind: ExecutableKind, config: PolicyConfig): PolicyReason {
  if (config.allowedActions.includes(kind)) return pass("action", `${kind} is an allowed action`);
  return fail("action", `${kind} is not an allowed action (allowed: ${config.allowedActions.join(", ") || "none"})`);
}

// Exact match on kind, namespace and name: no prefixes, no case folding, no "close enough".
function targetRule(target: WorkloadRef, incident: PolicyInput["incident"]): PolicyReason {
  const own = incident.workloads;
  const isOwn = own.some((w) => w.kind === target.kind && w.namespace === target.namespace && w.name === target.name);
  if (isOwn && target.namespace === incident.namespace) return pass("target", `${label(target)} is the incident's workload`);
  if (own.length === 0) return fail("target", `${label(target)} is not part of this incident, which names no workload`);
  const listed = own.map(label).join(", ");
  return fail("target", `${label(target)} is not part of this incident (its workload${own.length > 1 ? "s" : ""}: ${listed})`);
}

function causeRule(action: PolicyInput["action"] & { kind: ExecutableKind }, rootCause: string | null): PolicyReason {
  if (action.undo) return pass("cause", `an undo restores the state before an executed ${action.kind}`);
  if (rootCause === null) return fail("cause", `no root cause analysis is on record for this ${action.kind}: nothing shows it would help`);
  if (!(rootCauses as readonly string[]).includes(rootCause))
    return fail("cause", `root cause "${rootCause}" is not in the taxonomy: no action follows from it`);
  const kind = (workloadKinds as readonly string[]).includes(action.targetKind) ? (action.targetKind as WorkloadKind) : null;
  if (!kind) return fail("cause", `${action.targetKind} is not a kind of workload Vigil acts on`);
  const unsafe = unsafeReason(rootCause as RootCause, action.kind, kind);
  if (unsafe) return fail("cause", unsafe);
  return pass("cause", `${action.kind} follows from ${rootCause} on a ${kind}`);
}

/** What lib/remediation/execute.ts can write (ClusterWriter.patchDeployment, the Role's one write). */
export const writableKinds: readonly string[] = ["Deployment"];

function writableRule(action: PolicyInput["action"] & { kind: ExecutableKind }): PolicyReason {
  if (writableKinds.includes(action.targetKind)) return pass("writable", `Vigil can ${action.kind} a ${action.targetKind}`);
  return fail("writable", `Vigil writes only ${writableKinds.join(", ")}s: a ${action.targetKind} is changed by a person`);
}

function replicaRules(replicas: number | null, current: number | null, config: PolicyConfig): PolicyReason[] {
  const { minReplicas: min, maxReplicas: max, maxReplicaStep: step } = config;
  if (replicas === null) return [fail("replicas", "scale needs a replica count")];
  if (!Number.isInteger(replicas)) return [fail("replicas", `${replicas} is not a whole number of replicas`)];
  const bounds =
    replicas < min || replicas > max
      ? fail("replicas", `${replicas} replicas is outside the bounds ${min}–${max}`)
      : pass("replicas", `${replicas} replicas is within the bounds ${min}–${max}`);
  if (current === null) return [bounds, fail("replica-step", "the current replica count is unknown, so the step cannot be checked")];
  const change = Math.abs(replicas - current);
  const stepReason =
    change > step
      ? fail("replica-step", `scale step ${current}→${replicas} exceeds the max step of ${step}`)
      : pass("replica-step", `scale step ${current}→${replicas} is within the max step of ${step}`);
  return [bounds, stepReason];
}

function confidenceRule(confidence: number | null, floor: number): PolicyReason {
  if (confidence === null || !Number.isFinite(confidence)) return fail("confidence", `no confidence given (the floor is ${num(floor)})`);
  if (confidence < floor) return fail("confidence", `confidence ${num(confidence)} is below the floor of ${num(floor)}`);
  return pass("confidence", `confidence ${num(confidence)} meets the floor of ${num(floor)}`);
}

function rateRule(recent: number, target: WorkloadRef, config: PolicyConfig): PolicyReason {
  const { maxExecutionsPerWorkload: max, rateWindowMinutes: window } = config;
  const where = `on ${label(target)} in the last ${window} min`;
  if (recent >= max) return fail("rate-limit", `${recent} executions ${where}: the limit is ${max}`);
  return pass("rate-limit", `${recent} of ${max} executions ${where}`);
}

function watchtowerRule(watchtower: PolicyInput["watchtower"]): PolicyReason {
  if (!watchtower.active) return pass("watchtower", "watchtower mode is off");
  return fail("watchtower", `watchtower mode is on (${watchtower.reason ?? "no reason given"}): automated writes are suspended`);
}

function autonomousVerdict(input: PolicyInput, config: PolicyConfig, allowed: boolean, highRisk: boolean): PolicyVerdict["autonomous"] {
  const { kind, namespace, risk, confidence } = input.action;
  const refuse = (reason: string) => ({ allowed: false, policy: null, reason });
  if (config.autonomous.length === 0) return refuse("autonomous mode is off");
  const rules = config.autonomous
    .map((rule, i) => ({ rule, name: `autonomous[${i}] namespace=${rule.namespace}${rule.kinds ? ` kinds=${rule.kinds.join(",")}` : ""}` }))
    .filter(({ rule }) => matchesNamespace(rule.namespace, namespace) && (!rule.kinds || rule.kinds.includes(kind as ExecutableKind)));
  if (rules.length === 0) return refuse(`no autonomous rule covers ${kind} in namespace ${namespace}`);
  if (input.watchtower.active) return refuse("watchtower mode is on");
  if (!allowed) return refuse("the guard refused the action");
  if (highRisk) return refuse("high-risk actions need a human");
  if (risk !== "low") return refuse(`the action is ${risk} risk; only low-risk actions run without a human`);
  if (confidence === null) return refuse("no confidence given");
  for (const { rule, name } of rules) {
    const threshold = Math.max(AUTONOMOUS_CONFIDENCE_FLOOR, rule.minConfidence);
    if (confidence >= threshold)
      return { allowed: true, policy: name, reason: `${name}: confidence ${num(confidence)} ≥ ${num(threshold)}, low risk` };
  }
  const lowest = Math.min(...rules.map(({ rule }) => Math.max(AUTONOMOUS_CONFIDENCE_FLOOR, rule.minConfidence)));
  return refuse(`confidence ${num(confidence)} is below the autonomous threshold of ${num(lowest)}`);
}

export function evaluatePolicy(input: PolicyInput, config: PolicyConfig): PolicyVerdict {
  const { action } = input;
  if (action.kind === "none") {
    const reason = "a recommendation, nothing to execute";
    return {
      allowed: false,
      reasons: [fail("executable", reason)],
      highRisk: false,
      requiredApprovals: 1,
      autonomous: { allowed: false, policy: null, reason },
    };
  }
  const target: WorkloadRef = { kind: action.targetKind, namespace: action.namespace, name: action.name };
  const reasons = [
    namespaceRule(action.namespace, config),
    actionRule(action.kind, config),
    targetRule(target, input.incident),
    causeRule({ ...action, kind: action.kind }, input.rootCause),
    writableRule({ ...action, kind: action.kind }),
    ...(action.kind === "scale" ? replicaRules(action.replicas, input.currentReplicas, config) : []),
    confidenceRule(action.confidence, config.minConfidence),
    rateRule(input.recentExecutions, target, config),
    watchtowerRule(input.watchtower),
  ];
  const allowed = reasons.every((r) => r.ok);
  const highRisk = action.risk === "high" || config.highRiskKinds.includes(action.kind);
  return {
    allowed,
    reasons,
    highRisk,
    requiredApprovals: highRisk && config.twoApproversForHighRisk ? 2 : 1,
    autonomous: autonomousVerdict(input, config, allowed, highRisk),
  };
}
