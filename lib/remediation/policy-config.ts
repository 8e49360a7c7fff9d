// The remediation guard's settings: safe defaults in code, overridable by a JSON file
// (VIGIL_POLICY_FILE) that platform teams keep next to their other manifests. Unknown keys
// are errors, not silently ignored: a typo in a safety setting must not widen anything.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { env } from "@/lib/env";
import { describeIssues } from "@/lib/validation";

export const executableKinds = ["rollback", "restart", "scale"] as const;
export type ExecutableKind = (typeof executableKinds)[number];

/** Autonomous execution never runs below this confidence, whatever a rule says. */
export const AUTONOMOUS_CONFIDENCE_FLOOR = 0.9;

// A namespace name, `*`, or a prefix ending in `*` (`team-*`).
const namespaceGlob = z
  .string()
  .trim()
  .regex(/^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?|[a-z0-9][-a-z0-9]*\*)$/, "must be a namespace name, * or a prefix ending in * (e.g. team-*)");

const kinds = z.array(z.enum(executableKinds));

// Unknown keys name themselves and what is known, so a misspelt setting is obvious.
const unknownKeys = (known: string[]) => (issue: { code: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys"
    ? `unknown setting ${(issue.keys ?? []).map((k) => `"${k}"`).join(", ")} (known: ${known.join(", ")})`
    : undefined;

const autonomousRuleShape = {
  namespace: namespaceGlob,
  // Unset: every allowed action kind.
  kinds: kinds.min(1).optional(),
  minConfidence: z
    .number()
    .min(AUTONOMOUS_CONFIDENCE_FLOOR, `must be at least ${AUTONOMOUS_CONFIDENCE_FLOOR}: autonomous actions need high confidence`)
    .max(1)
    .default(AUTONOMOUS_CONFIDENCE_FLOOR),
  maxRisk: z.enum(["low"], "only low-risk actions may run without a human").default("low"),
};
const autonomousRuleSchema = z.strictObject(autonomousRuleShape, { error: unknownKeys(Object.keys(autonomousRuleShape)) });

const fileShape = {
  allowedNamespaces: z.array(namespaceGlob).default(() => ["*"]),
  // Checked first: a namespace denied here stays denied even if an allow pattern matches.
  deniedNamespaces: z.array(namespaceGlob).default(() => ["kube-system", "kube-public", "kube-node-lease"]),
  allowedActions: kinds.default(() => [...executableKinds]),
  minReplicas: z.number().int().min(0).default(1),
  maxReplicas: z.number().int().min(1).default(20),
  // Largest |replicas − current| a single scale may change.
  maxReplicaStep: z.number().int().min(1).default(5),
  minConfidence: z.number().min(0).max(1).default(0.6),
  // Executed actions per workload within the window.
  maxExecutionsPerWorkload: z.number().int().min(1).default(3),
  rateWindowMinutes: z.number().int().min(1).default(60),
  // Risk "high" is always high risk; these kinds are too, whatever their stated risk.
  highRiskKinds: kinds.default(() => []),
  twoApproversForHighRisk: z.boolean().default(true),
  // Off unless rules are listed: each names where the guard may act without a click.
  autonomous: z.array(autonomousRuleSchema).default(() => []),
};

const fileSchema = z
  .strictObject(fileShape, { error: unknownKeys(Object.keys(fileShape)) })
  .refine((c) => c.minReplicas <= c.maxReplicas, { path: ["minReplicas"], message: "must not exceed maxReplicas" });

export type PolicyFile = z.input<typeof fileSchema>;
export type AutonomousRule = z.output<typeof autonomousRuleSchema>;
export type PolicyConfig = z.output<typeof fileSchema> & {
  // From the environment (VIGIL_APPROVAL_TTL_MINUTES, VIGIL_VERIFY_TIMEOUT_S).
  approvalTtlMs: number;
  verifyTimeoutMs: number;
};

export type PolicyTimings = { approvalTtlMinutes: number; verifyTimeoutS: number };
const defaultTimings: PolicyTimings = { approvalTtlMinutes: 15, verifyTimeoutS: 300 };

function withTimings(file: z.output<typeof fileSchema>, timings: PolicyTimings): PolicyConfig {
  return { ...file, approvalTtlMs: timings.approvalTtlMinutes * 60_000, verifyTimeoutMs: timings.verifyTimeoutS * 1000 };
}

/** The built-in policy, optionally with some fields replaced (tests, the demo). */
export function policyConfig(overrides: PolicyFile = {}, timings: PolicyTimings = defaultTimings): PolicyConfig {
  return withTimings(fileSchema.parse(overrides), timings);
}

/**
 * The defaults with `source` applied: an object, or the path of a JSON file holding one.
 * Throws an error naming the file and the offending field.
 */
export function loadPolicyConfig(source?: PolicyFile | string, timings: PolicyTimings = defaultTimings): PolicyConfig {
  const name = typeof source === "string" ? source : "remediation policy";
  let raw: unknown = source ?? {};
  if (typeof source === "string") {
    try {
      raw = JSON.parse(readFileSync(source, "utf8"));
    } catch (err) {
      throw new Error(`${name}: cannot read the remediation policy: ${(err as Error).message}`);
    }
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) throw new Error(`${name}: ${describeIssues(result.error)}`);
  return withTimings(result.data, timings);
}

let fromEnv: PolicyConfig | undefined;

/** The process's policy: VIGIL_POLICY_FILE over the defaults, read once. */
export function getPolicyConfig(): PolicyConfig {
  fromEnv ??= loadPolicyConfig(env.VIGIL_POLICY_FILE, {
    approvalTtlMinutes: env.VIGIL_APPROVAL_TTL_MINUTES,
    verifyTimeoutS: env.VIGIL_VERIFY_TIMEOUT_S,
  });
  return fromEnv;
}
